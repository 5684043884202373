import { auditOf, type Listeners } from '../../shared/events.js';
import { rooms } from '../../shared/hints.js';

/** What the org use cases do. The org structure is visible to all staff: every change is hinted to the `org` room. */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'office.created': { officeId: string; code: string };
    'office.updated': { officeId: string; before: unknown; after: unknown };
    'section.created': { sectionId: string; officeId: string; code: string };
    'section.updated': { sectionId: string; before: unknown; after: unknown };
    'post.created': { postId: string; code: string; officeId: string; capabilities: readonly string[] };
    /** Its holders' capabilities, office or access may have changed. */
    'post.updated': { postId: string; before: unknown; after: unknown };
    'user.created': { userId: string; username: string };
    /** `endsSessions`: disabled or password reset. */
    'user.updated': { userId: string; changed: string[]; passwordReset: boolean; endsSessions: boolean };
    'charge.assigned': { chargeId: string; userId: string; postId: string; chargeType: string; from: string; to: string | null };
    'charge.ended': { chargeId: string; userId: string; to: string };
    'org.imported': { counts: Record<string, number>; postIds: string[] };
  }
}

const org = (entity: 'office' | 'section' | 'post' | 'user' | 'charge', id: string) => ({ room: rooms.org, hint: { entity, ids: [id] } });
const me = (userId: string) => ({ room: rooms.user(userId), hint: { entity: 'me' as const, ids: [userId] } });

export const orgListeners: Listeners = {
  'office.created': {
    audit: (e) => auditOf('office.create', 'office', e.officeId, { code: e.code }),
    hints: (e) => [org('office', e.officeId)],
  },
  'office.updated': {
    audit: (e) => auditOf('office.update', 'office', e.officeId, { before: e.before, after: e.after }),
    hints: (e) => [org('office', e.officeId)],
  },
  'section.created': {
    audit: (e) => auditOf('section.create', 'section', e.sectionId, { officeId: e.officeId, code: e.code }),
    hints: (e) => [org('section', e.sectionId)],
  },
  'section.updated': {
    audit: (e) => auditOf('section.update', 'section', e.sectionId, { before: e.before, after: e.after }),
    hints: (e) => [org('section', e.sectionId)],
  },
  'post.created': {
    audit: (e) => auditOf('post.create', 'post', e.postId, { code: e.code, officeId: e.officeId, capabilities: e.capabilities }),
    hints: (e) => [org('post', e.postId)],
  },
  'post.updated': {
    audit: (e) => auditOf('post.update', 'post', e.postId, { before: e.before, after: e.after }),
    // whoever acts as the post refetches who they are (capabilities, office)
    hints: (e) => [org('post', e.postId), { room: rooms.post(e.postId), hint: { entity: 'me', ids: [e.postId] } }],
  },
  'user.created': {
    audit: (e) => auditOf('user.create', 'user', e.userId, { username: e.username }),
    hints: (e) => [org('user', e.userId)],
  },
  'user.updated': {
    audit: (e) => auditOf('user.update', 'user', e.userId, { changed: e.changed, passwordReset: e.passwordReset }),
    hints: (e) => [org('user', e.userId), me(e.userId)],
  },
  'charge.assigned': {
    audit: (e) =>
      auditOf('charge.assign', 'charge', e.chargeId, { userId: e.userId, postId: e.postId, type: e.chargeType, from: e.from, to: e.to }),
    hints: (e) => [org('charge', e.chargeId), me(e.userId)],
  },
  'charge.ended': {
    audit: (e) => auditOf('charge.end', 'charge', e.chargeId, { to: e.to }),
    hints: (e) => [org('charge', e.chargeId), me(e.userId)],
  },
  'org.imported': {
    audit: (e) => auditOf('org.import', 'org', 'csv', e.counts),
    hints: (e) => [{ room: rooms.org, hint: { entity: 'post', ids: e.postIds.slice(0, 500) } }],
  },
};
