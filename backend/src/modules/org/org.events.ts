import type { Listeners } from '../../shared/events.js';
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
    audit: (e) => ({ action: 'office.create', objectType: 'office', objectId: e.officeId, details: { code: e.code } }),
    hints: (e) => [org('office', e.officeId)],
  },
  'office.updated': {
    audit: (e) => ({ action: 'office.update', objectType: 'office', objectId: e.officeId, details: { before: e.before, after: e.after } }),
    hints: (e) => [org('office', e.officeId)],
  },
  'section.created': {
    audit: (e) => ({
      action: 'section.create',
      objectType: 'section',
      objectId: e.sectionId,
      details: { officeId: e.officeId, code: e.code },
    }),
    hints: (e) => [org('section', e.sectionId)],
  },
  'section.updated': {
    audit: (e) => ({
      action: 'section.update',
      objectType: 'section',
      objectId: e.sectionId,
      details: { before: e.before, after: e.after },
    }),
    hints: (e) => [org('section', e.sectionId)],
  },
  'post.created': {
    audit: (e) => ({
      action: 'post.create',
      objectType: 'post',
      objectId: e.postId,
      details: { code: e.code, officeId: e.officeId, capabilities: e.capabilities },
    }),
    hints: (e) => [org('post', e.postId)],
  },
  'post.updated': {
    audit: (e) => ({ action: 'post.update', objectType: 'post', objectId: e.postId, details: { before: e.before, after: e.after } }),
    // whoever acts as the post refetches who they are (capabilities, office)
    hints: (e) => [org('post', e.postId), { room: rooms.post(e.postId), hint: { entity: 'me', ids: [e.postId] } }],
  },
  'user.created': {
    audit: (e) => ({ action: 'user.create', objectType: 'user', objectId: e.userId, details: { username: e.username } }),
    hints: (e) => [org('user', e.userId)],
  },
  'user.updated': {
    audit: (e) => ({
      action: 'user.update',
      objectType: 'user',
      objectId: e.userId,
      details: { changed: e.changed, passwordReset: e.passwordReset },
    }),
    hints: (e) => [org('user', e.userId), me(e.userId)],
  },
  'charge.assigned': {
    audit: (e) => ({
      action: 'charge.assign',
      objectType: 'charge',
      objectId: e.chargeId,
      details: { userId: e.userId, postId: e.postId, type: e.chargeType, from: e.from, to: e.to },
    }),
    hints: (e) => [org('charge', e.chargeId), me(e.userId)],
  },
  'charge.ended': {
    audit: (e) => ({ action: 'charge.end', objectType: 'charge', objectId: e.chargeId, details: { to: e.to } }),
    hints: (e) => [org('charge', e.chargeId), me(e.userId)],
  },
  'org.imported': {
    audit: (e) => ({ action: 'org.import', objectType: 'org', objectId: 'csv', details: e.counts }),
    hints: (e) => [{ room: rooms.org, hint: { entity: 'post', ids: e.postIds.slice(0, 500) } }],
  },
};
