import type { Scope } from '../../shared/scope.js';
import { transact } from '../../shared/scope.js';
import { MovementSchema } from '../movement/movement.entity.js';
import { ReceiptSchema } from './dak.entity.js';
import { loadVisibleReceipt } from './dak.policy.js';
import { presentReceipt } from './dak.presenter.js';
import { rooms } from '../../realtime/hints.js';

/**
 * A receipt with its pages, OCR text, uploads and history. The holder's first look after a move
 * marks it opened (from then on the sender can no longer pull it back).
 */
export async function getReceipt(scope: Scope, id: string) {
  let receipt = await loadVisibleReceipt(scope.em, scope.actor, id);
  if (receipt.holderPost.id === scope.actor.postId && !receipt.openedAt) {
    await transact(scope, async (tx) => {
      const now = new Date();
      const updated = await tx.em.nativeUpdate(ReceiptSchema, { id, openedAt: null, holderPost: scope.actor.postId! }, { openedAt: now });
      if (!updated) return;
      const last = await tx.em.findOne(MovementSchema, { itemType: 'receipt', itemId: id, toPost: scope.actor.postId!, openedAt: null }, { orderBy: { sentAt: 'desc' } });
      if (last) {
        last.openedAt = now;
        await tx.em.flush();
        tx.hint(rooms.post(last.fromPost.id), { entity: 'receipt', ids: [id] });
      }
      await tx.audit({ action: 'receipt.open', objectType: 'receipt', objectId: id });
    });
    receipt = await loadVisibleReceipt(scope.em.fork(), scope.actor, id);
  }
  return presentReceipt(scope.em, scope.actor, receipt);
}
