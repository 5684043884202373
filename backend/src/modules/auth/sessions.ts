import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { istDate } from '../../shared/dates.js';
import type { Actor } from '../../shared/actor.js';
import type { Locale } from '../../shared/i18n.js';

export const SESSION_COOKIE = 'pv_session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newSessionToken = () => randomBytes(32).toString('base64url');

export interface ResolvedSession {
  actor: Actor;
  /** The language the user chose, if any (it wins over the browser's). */
  userLocale: Locale | null;
}

/**
 * A short-lived cache of resolved sessions in this process, keyed by the token's hash (the session
 * id), so that most requests skip the session and charge queries. An entry lives CACHE_TTL_MS at
 * most (and never past the session's expiry). What changes a session takes effect:
 *  - at once on this process: logout, a post switch, disabling a user or resetting a password,
 *    a locale change, assigning or ending a charge, editing a post and an org import call
 *    forgetSession / forgetUserSessions / forgetAllSessions after their transaction commits;
 *  - within CACHE_TTL_MS on every other API process (each has its own cache), when its entry
 *    expires and the session is read again; likewise a charge that starts or ends by date.
 * A load that began before such a change is not cached (the generation moved on meanwhile), so a
 * stale read cannot outlive the change on this process.
 */
const CACHE_TTL_MS = 3_000;
const CACHE_MAX = 10_000;
interface Cached {
  actor: Omit<Actor, 'ip' | 'locale'>;
  userLocale: Locale | null;
  expiresAt: number;
  cachedAt: number;
}
const cache = new Map<string, Cached>();
let generation = 0;

/** Ends the cached copy of one session (logout, post switch). */
export function forgetSession(sessionId: string): void {
  generation++;
  cache.delete(sessionId);
}
/** Ends the cached copies of a user's sessions (disabled, password reset, locale, charges). */
export function forgetUserSessions(userId: string): void {
  generation++;
  for (const [id, c] of cache) if (c.actor.userId === userId) cache.delete(id);
}
/** Ends every cached session (posts edited, an org import). */
export function forgetAllSessions(): void {
  generation++;
  cache.clear();
}

const toResolved = (c: Cached, opts: { ip: string; fallbackLocale: Locale }): ResolvedSession => ({
  actor: { ...c.actor, locale: c.userLocale ?? opts.fallbackLocale, ip: opts.ip },
  userLocale: c.userLocale,
});

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
  const id = hashToken(token);
  const hit = cache.get(id);
  if (hit) {
    if (now.getTime() - hit.cachedAt < CACHE_TTL_MS && now.getTime() < hit.expiresAt) return toResolved(hit, opts);
    cache.delete(id);
  }
  const seen = generation;
  // one statement: the session, its user and the posts the user holds today (charges in force, active posts,
  // regular first: the rule of loadHeldPosts in org/held-posts.ts, which this hot path does without the ORM)
  const today = istDate(now);
  const [row] = await em.getConnection().execute<Array<Record<string, any>>>(
    `select s.id, s.expires_at, s.last_seen_at, s.acting_post_id, u.id as user_id, u.username, u.locale, u.active,
       coalesce((select json_agg(json_build_object('postId', h.id, 'officeId', h.office_id, 'capabilities', h.capabilities) order by h.regular desc, h.from_date)
                 from (select distinct on (p.id) p.id, p.office_id, p.capabilities, c.type = 'regular' as regular, c.from_date
                       from charge c join post p on p.id = c.post_id
                       where c.user_id = u.id and c.from_date <= ?::date and (c.to_date is null or c.to_date > ?::date) and p.active
                       order by p.id, c.type desc, c.from_date) h), '[]') as held
     from session s join app_user u on u.id = s.user_id
     where s.id = ? and s.expires_at > ?`,
    [today, today, id, now],
  );
  if (!row || !row.active) return null;
  const held = (typeof row.held === 'string' ? JSON.parse(row.held) : row.held) as Array<{
    postId: string;
    officeId: string;
    capabilities: Actor['capabilities'];
  }>;
  const acting = held.find((h) => h.postId === row.acting_post_id) ?? held[0] ?? null;
  let expiresAt = new Date(row.expires_at);
  // Sliding expiry, written at most once a minute per session.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000 || (acting?.postId ?? null) !== (row.acting_post_id ?? null)) {
    expiresAt = new Date(now.getTime() + opts.ttlHours * 3600_000);
    await em
      .getConnection()
      .execute(
        'update session set last_seen_at = ?, expires_at = ?, acting_post_id = ? where id = ?',
        [now, expiresAt, acting?.postId ?? null, id],
        'run',
      );
  }
  const entry: Cached = {
    actor: {
      userId: row.user_id,
      username: row.username,
      sessionId: id,
      postId: acting?.postId ?? null,
      officeId: acting?.officeId ?? null,
      capabilities: Object.freeze([...(acting?.capabilities ?? [])]),
      heldPostIds: Object.freeze(held.map((h) => h.postId)),
    },
    userLocale: row.locale ?? null,
    expiresAt: expiresAt.getTime(),
    // entries age at slightly different speeds, so sessions loaded together are not all reloaded together
    cachedAt: now.getTime() - Math.floor(Math.random() * CACHE_TTL_MS * 0.3),
  };
  if (seen === generation) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(id, entry);
  }
  return toResolved(entry, opts);
}
