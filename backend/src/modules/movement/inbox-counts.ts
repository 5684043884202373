import type { Scope } from '../../shared/scope.js';
import { inboxCountsSql, type InboxCountsRow } from './movement.queries.js';

/** Counts for the inbox tabs of the acting post: what it holds, unread, copies unread, parked, overdue (pendency's due date). */
export async function inboxCounts(scope: Scope) {
  const postId = scope.actor.postId;
  if (!postId) return { inbox: 0, unread: 0, copies: 0, parked: 0, overdue: 0 };
  const counts = inboxCountsSql(postId);
  const [row] = await scope.em.getConnection().execute<InboxCountsRow[]>(counts.sql, counts.params);
  return {
    inbox: Number(row!.inbox),
    unread: Number(row!.unread),
    copies: Number(row!.copies),
    parked: Number(row!.parked),
    overdue: Number(row!.overdue),
  };
}
