import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { rooms } from '../../realtime/hints.js';
import { MovementSchema } from '../movement/movement.entity.js';
import { ReceiptSchema, type Receipt } from './dak.entity.js';
import { loadVisibleReceipt } from './dak.policy.js';
import { presentCommitted, presentReceipt } from './dak.presenter.js';

/** Takes a sent receipt back, allowed only to the post that sent it and only until the recipient opens it. */
export async function pullBackReceipt(scope: Scope, id: string, input: { version: number }) {
  const { actor } = scope;
  await loadVisibleReceipt(scope.em, actor, id);
  await transact(scope, async (tx) => {
    const receipt = await loadForUpdate(tx.em, ReceiptSchema, id, input.version, (r) => presentReceipt(tx.em, actor, r as Receipt));
    const last = await tx.em.findOne(MovementSchema, { itemType: 'receipt', itemId: id, kind: { $in: ['send', 'pull_back', 'return'] } }, { orderBy: { sentAt: 'desc' } });
    if (!last || last.kind !== 'send' || last.fromPost.id !== actor.postId) throw new AppError('INVALID_STATE', { reason: { tKey: 'reasons.notSentByYou' } });
    if (receipt.openedAt || last.openedAt) throw new AppError('INVALID_STATE', { reason: { tKey: 'reasons.alreadyOpened' } });
    const from = receipt.holderPost.id;
    const now = new Date();
    tx.em.create(MovementSchema, {
      id: randomUUID(), itemType: 'receipt', itemId: id, kind: 'pull_back', fromPost: from, toPost: actor.postId!, sentBy: actor.userId,
      remarks: null, priority: receipt.priority, dueDate: receipt.dueDate ?? null, sentAt: now, openedAt: now,
    } as never);
    tx.em.assign(receipt, { holderPost: actor.postId!, heldSince: now, openedAt: now } as never);
    await tx.em.flush();
    await tx.audit({ action: 'receipt.pull-back', objectType: 'receipt', objectId: id, details: { from } });
    tx.hint(rooms.post(from), { entity: 'inbox', ids: [id] });
    tx.hint(rooms.post(actor.postId!), { entity: 'inbox', ids: [id] });
  });
  return presentCommitted(scope, id);
}
