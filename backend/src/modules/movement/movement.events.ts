import { auditOf, type AuditEntry, type HintMessage, type Listener, type Listeners } from '../../shared/events.js';
import { rooms } from '../../shared/hints.js';
import type { ItemType } from './movement.entity.js';

/**
 * What the movement use cases do to an item of any kind. Every move names the holder before and
 * after it (`from`, `to`: the same post when the holder keeps it), so read models (pendency) follow
 * moves without knowing the actions.
 */
interface Move {
  itemType: ItemType;
  itemId: string;
  from: string;
  to: string;
}

declare module '../../shared/events.js' {
  interface DomainEvents {
    'item.sent': Move & { copies: string[]; priority: string; dueDate: string | null; remarks: string | null };
    'item.pulled-back': Move;
    'item.returned': Move & { remarks: string | null };
    /** Park, unpark, close or reopen by the holder (`from` = `to`). */
    'item.state-changed': Move & { action: 'park' | 'unpark' | 'close' | 'reopen'; remarks: string | null };
    /** The holder's first look after a move (the sender can no longer pull it back). */
    'item.first-viewed': { itemType: ItemType; itemId: string; movementId: string | null; senderPostId: string | null };
    /** A copy recipient's first look (the unread marker of its copies tab). */
    'item.copy-read': { itemType: ItemType; itemId: string; postId: string };
    /** A raised grading withdrew the read-only access of these posts: for them the item no longer exists. */
    'item.access-narrowed': {
      itemType: ItemType;
      itemId: string;
      from: string;
      to: string;
      revokedPosts: string[];
      cause: Record<string, unknown>;
    };
  }
}

const inbox = (posts: readonly string[], id: string): HintMessage[] =>
  [...new Set(posts)].map((p) => ({ room: rooms.post(p), hint: { entity: 'inbox', ids: [id] } }));
const record = (e: Move, action: string, details: Record<string, unknown>): AuditEntry =>
  auditOf(`${e.itemType}.${action}`, e.itemType, e.itemId, details);

export const movementListeners: Listeners = {
  'item.sent': {
    audit: (e) =>
      record(e, 'send', { from: e.from, to: e.to, copies: e.copies, priority: e.priority, dueDate: e.dueDate, remarks: e.remarks }),
    // the recipient's and the copies' inboxes gain it, the sender's sent tab too
    hints: (e) => inbox([e.to, ...e.copies, e.from], e.itemId),
  },
  'item.pulled-back': {
    audit: (e) => record(e, 'pull-back', { from: e.from }),
    hints: (e) => inbox([e.from, e.to], e.itemId),
  },
  'item.returned': {
    audit: (e) => record(e, 'return', { from: e.from, to: e.to, remarks: e.remarks }),
    hints: (e) => inbox([e.to, e.from], e.itemId),
  },
  'item.state-changed': {
    audit: (e) => record(e, e.action, { remarks: e.remarks }),
    hints: (e) => inbox([e.to], e.itemId),
  },
  'item.first-viewed': {
    audit: (e) => auditOf(`${e.itemType}.first-view`, e.itemType, e.itemId, { movementId: e.movementId }),
    // the sender's view loses "pull back"
    hints: (e) => (e.senderPostId ? [{ room: rooms.post(e.senderPostId), hint: { entity: e.itemType, ids: [e.itemId] } }] : []),
  },
  'item.copy-read': {
    audit: (e) => auditOf(`${e.itemType}.copy-read`, e.itemType, e.itemId, { post: e.postId }),
    hints: (e) => inbox([e.postId], e.itemId),
  },
  'item.access-narrowed': {
    audit: (e) =>
      auditOf(`${e.itemType}.access.narrow`, e.itemType, e.itemId, { from: e.from, to: e.to, revokedPosts: e.revokedPosts, ...e.cause }),
    hints: (e) => inbox(e.revokedPosts, e.itemId),
  },
};

/** The move events, for read models that follow every change of holder or state. */
const MOVE_EVENTS = ['item.sent', 'item.pulled-back', 'item.returned', 'item.state-changed'] as const;
/** One listener for all of them (they share `from` and `to`). */
export function onEveryMove(listener: Listener<Move>): Listeners {
  return Object.fromEntries(MOVE_EVENTS.map((t) => [t, listener]));
}
