import type { Scope } from '../../shared/scope.js';
import { MovementSchema } from './movement.entity.js';

/**
 * What reached or left the acting post since a moment: a client that was offline (a reconnect)
 * asks for this, refreshes what it shows and tells the user what arrived meanwhile.
 */
export async function inboxChanges(scope: Scope, since: Date) {
  const now = new Date();
  const postId = scope.actor.postId;
  if (!postId) return { now: now.toISOString(), arrived: [], left: [] };
  const [arrived, left] = await Promise.all([
    scope.em.find(
      MovementSchema,
      { toPost: postId, sentAt: { $gt: since }, kind: { $in: ['send', 'copy', 'return', 'pull_back'] } },
      { orderBy: { sentAt: 'asc' }, limit: 500 },
    ),
    scope.em.find(
      MovementSchema,
      { fromPost: postId, sentAt: { $gt: since }, kind: 'pull_back' },
      { orderBy: { sentAt: 'asc' }, limit: 500 },
    ),
  ]);
  return {
    now: now.toISOString(),
    arrived: arrived
      .filter((m) => m.kind !== 'pull_back' || m.sentBy.id !== scope.actor.userId)
      .map((m) => ({ type: m.itemType, id: m.itemId, kind: m.kind, at: m.sentAt.toISOString() })),
    left: left.map((m) => ({ type: m.itemType, id: m.itemId, at: m.sentAt.toISOString() })),
  };
}
