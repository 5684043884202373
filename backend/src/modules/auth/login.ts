import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/app-error.js';
import { DUMMY_HASH, verifyPassword } from '../../shared/password.js';
import type { Locale } from '../../shared/i18n.js';
import type { Actor } from '../../shared/actor.js';
import { transact, type Deps } from '../../shared/scope.js';
import { UserSchema, loadHeldPosts } from '../org/index.js';
import { SessionSchema } from './session.entity.js';
import { hashToken, newSessionToken } from './sessions.js';
import { presentMe } from './auth.presenter.js';

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  userAgent: string | null;
  locale: Locale;
}

/**
 * Checks a password and opens a session. Unknown user and wrong password answer alike (and take as
 * long); the attempt is counted before the password is checked, so repeated or parallel failures lock
 * the account and the client address for a while and nothing is checked while they are locked.
 */
export async function login(deps: Deps, em: EntityManager, input: LoginInput) {
  const attempt = await deps.throttle.begin(input.username, input.ip, input.locale);
  const user = await em.findOne(UserSchema, { username: input.username });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  const actorFor = (userId: string | null, postId: string | null = null): Actor => ({
    userId: userId ?? 'anonymous',
    username: input.username,
    sessionId: '',
    postId,
    officeId: null,
    capabilities: [],
    heldPostIds: [],
    locale: input.locale,
    ip: input.ip,
  });
  if (!user || !ok) {
    await transact({ actor: actorFor(user?.id ?? null), em, deps }, async (tx) =>
      tx.emit({ type: 'session.login-failed', username: input.username }),
    );
    attempt.failed();
    throw new AppError('INVALID_CREDENTIALS');
  }
  await attempt.succeeded();
  if (!user.active) throw new AppError('ACCOUNT_DISABLED');

  const held = await loadHeldPosts(em, user.id);
  const acting = held[0]?.post.id ?? null;
  const token = newSessionToken();
  const now = new Date();
  await transact({ actor: actorFor(user.id, acting), em, deps }, async (tx) => {
    tx.em.create(SessionSchema, {
      id: hashToken(token),
      user: user.id,
      actingPost: acting,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + deps.env.SESSION_TTL_HOURS * 3600_000),
      clientIp: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await tx.em.flush();
    tx.emit({ type: 'session.started', userId: user.id });
  });
  return { token, me: presentMe(user, held, acting) };
}
