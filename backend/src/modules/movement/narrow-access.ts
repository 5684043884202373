import type { Tx } from '../../shared/scope.js';
import { rooms } from '../../realtime/hints.js';
import type { ItemType } from './movement.entity.js';

/**
 * A raised grading admits only the item's holder chain (the posts it was with or sent from: their
 * access is full); the read-only access that copies and a supervisor's inspection gave while the
 * grading was lower is withdrawn, so for those posts the item no longer exists (404). Audited with
 * the posts that lost access; they get a hint to refetch. Returns those posts.
 */
export async function narrowAccessToGrading(tx: Tx, type: ItemType, id: string, grading: { from: string; to: string; cause: Record<string, unknown> }): Promise<string[]> {
  const rows = await tx.em.getConnection().execute<Array<{ post_id: string }>>(
    'delete from item_access where item_type = ? and item_id = ? and read_only returning post_id',
    [type, id], 'all', tx.em.getTransactionContext(),
  );
  const revoked = rows.map((r) => r.post_id).sort();
  if (!revoked.length) return revoked;
  await tx.audit({ action: `${type}.access.narrow`, objectType: type, objectId: id, details: { from: grading.from, to: grading.to, revokedPosts: revoked, ...grading.cause } });
  for (const post of revoked) tx.hint(rooms.post(post), { entity: 'inbox', ids: [id] });
  return revoked;
}
