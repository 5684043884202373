import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/app-error.js';
import { DUMMY_HASH, verifyPassword } from '../../shared/password.js';
import type { Locale } from '../../shared/i18n.js';
import type { Deps } from '../../shared/scope.js';
import { appendAudit } from '../audit/append-audit.js';
import { UserSchema } from '../org/org.entity.js';
import { loadHeldPosts } from '../org/held-posts.js';
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
  const actorFor = (userId: string | null) => ({
    userId: userId ?? 'anonymous', username: input.username, sessionId: '', postId: null, officeId: null, capabilities: [], heldPostIds: [], locale: input.locale, ip: input.ip,
  });
  if (!user || !ok) {
    await em.transactional((tx) => appendAudit(tx, actorFor(user?.id ?? null), { action: 'auth.login-failed', objectType: 'user', objectId: input.username }));
    attempt.failed();
    throw new AppError('INVALID_CREDENTIALS');
  }
  await attempt.succeeded();
  if (!user.active) throw new AppError('ACCOUNT_DISABLED');

  const held = await loadHeldPosts(em, user.id);
  const acting = held[0]?.post.id ?? null;
  const token = newSessionToken();
  const now = new Date();
  await em.transactional(async (tx) => {
    tx.create(SessionSchema, {
      id: hashToken(token), user: user.id, actingPost: acting, lastSeenAt: now,
      expiresAt: new Date(now.getTime() + deps.env.SESSION_TTL_HOURS * 3600_000), clientIp: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null,
    } as never);
    await tx.flush();
    await appendAudit(tx, { ...actorFor(user.id), postId: acting }, { action: 'auth.login', objectType: 'user', objectId: user.id });
  });
  return { token, me: presentMe(user, held, acting) };
}
