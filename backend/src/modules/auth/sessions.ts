import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SessionSchema, type Session } from './session.entity.js';
import { loadHeldPosts, type HeldPost } from '../org/held-posts.js';
import type { Actor } from '../../shared/actor.js';
import type { Locale } from '../../shared/i18n.js';

export const SESSION_COOKIE = 'pv_session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newSessionToken = () => randomBytes(32).toString('base64url');

export interface ResolvedSession {
  session: Session;
  actor: Actor;
  held: HeldPost[];
}

/**
 * The actor behind a session cookie, or null when the session is unknown, expired, or its user
 * disabled. The acting post falls back to another held post when a charge has ended.
 */
export async function resolveSession(
  em: EntityManager,
  token: string | undefined,
  opts: { ip: string; fallbackLocale: Locale; ttlHours: number; now?: Date },
): Promise<ResolvedSession | null> {
  if (!token || token.length < 20 || token.length > 100) return null;
  const now = opts.now ?? new Date();
  const session = await em.findOne(SessionSchema, { id: hashToken(token), expiresAt: { $gt: now } }, { populate: ['user'] });
  if (!session) return null;
  const user = session.user.getEntity();
  if (!user.active) return null;
  const held = await loadHeldPosts(em, user.id);
  const acting = held.find((h) => h.post.id === session.actingPost?.id) ?? held[0] ?? null;
  // Sliding expiry, written at most once a minute per session.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000 || (acting?.post.id ?? null) !== (session.actingPost?.id ?? null)) {
    await em.nativeUpdate(SessionSchema, { id: session.id }, {
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + opts.ttlHours * 3600_000),
      actingPost: acting?.post.id ?? null,
    });
  }
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    sessionId: session.id,
    postId: acting?.post.id ?? null,
    officeId: acting ? acting.post.office.id : null,
    capabilities: acting?.post.capabilities ?? [],
    heldPostIds: held.map((h) => h.post.id),
    locale: user.locale ?? opts.fallbackLocale,
    ip: opts.ip,
  };
  return { session, actor, held };
}
