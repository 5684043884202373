import type { Tx } from '../../shared/scope.js';
import type { ItemType } from './movement.entity.js';
import { revokeReadOnly } from './access.js';

/**
 * A raised grading admits only the item's holder chain (the posts it was with or sent from: their
 * access is full); the read-only access that copies and a supervisor's inspection gave while the
 * grading was lower is withdrawn, so for those posts the item no longer exists (404). Audited with
 * the posts that lost access; they get a hint to refetch. Returns those posts.
 */
export async function narrowAccessToGrading(
  tx: Tx,
  type: ItemType,
  id: string,
  grading: { from: string; to: string; cause: Record<string, unknown> },
): Promise<string[]> {
  const revoked = await revokeReadOnly(tx.em, type, id);
  if (!revoked.length) return revoked;
  tx.emit({
    type: 'item.access-narrowed',
    itemType: type,
    itemId: id,
    from: grading.from,
    to: grading.to,
    revokedPosts: revoked,
    cause: grading.cause,
  });
  return revoked;
}
