import { auditOf, type Listeners } from '../../shared/events.js';
import { SessionSchema } from './session.entity.js';
import { forgetAllSessions, forgetSession, forgetUserSessions } from './sessions.js';

/** What the session use cases do; nobody else sees it, so no hints. */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'session.started': { userId: string };
    'session.login-failed': { username: string };
    'session.ended': { userId: string; sessionId: string };
    'session.post-switched': { sessionId: string; from: string | null; to: string };
    'user.locale-set': { userId: string; locale: 'hi' | 'en' };
  }
}

/**
 * Sessions cache who a user is (posts, capabilities) for a few seconds: the org changes that alter
 * it make them forget at once on this process; disabling a user or resetting a password ends their sessions.
 */
export const authListeners: Listeners = {
  'session.started': { audit: (e) => auditOf('auth.login', 'user', e.userId) },
  'session.login-failed': { audit: (e) => auditOf('auth.login-failed', 'user', e.username) },
  'session.ended': {
    audit: (e) => auditOf('auth.logout', 'user', e.userId),
    afterCommit: (e) => forgetSession(e.sessionId),
  },
  'session.post-switched': {
    audit: (e) => auditOf('auth.switch-post', 'post', e.to, { from: e.from }),
    afterCommit: (e) => forgetSession(e.sessionId),
  },
  'user.locale-set': {
    audit: (e) => auditOf('user.set-locale', 'user', e.userId, { locale: e.locale }),
    afterCommit: (e) => forgetUserSessions(e.userId),
  },
  // org changes that alter who a user is
  'post.updated': { afterCommit: () => forgetAllSessions() },
  'org.imported': { afterCommit: () => forgetAllSessions() }, // charges may have been added for existing users
  'charge.assigned': { afterCommit: (e) => forgetUserSessions(e.userId) },
  'charge.ended': { afterCommit: (e) => forgetUserSessions(e.userId) },
  'user.updated': {
    apply: async (tx, e) => {
      if (e.endsSessions) await tx.em.nativeDelete(SessionSchema, { user: e.userId });
    },
    afterCommit: (e) => forgetUserSessions(e.userId), // disabled, password reset or locale: at once on this process
  },
};
