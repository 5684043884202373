/**
 * The auth module's public surface: sessions and login. Nothing below the composition root imports
 * auth; it listens to org's events (a charge ended, a user disabled) to forget sessions.
 */
export { resolveSession, SESSION_COOKIE } from './sessions.js';
export { createLoginThrottle } from './login-throttle.js';
export { SessionSchema } from './session.entity.js';
export { authRoutes } from './auth.routes.js';
export { authListeners } from './auth.events.js';
export { purgeExpiredSessionsJob } from './purge-expired-sessions.job.js';
export { actorForUser } from './actor-for-user.js';
