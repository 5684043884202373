import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { rooms } from '../../realtime/hints.js';
import { PostSchema } from '../org/org.entity.js';
import { ItemAccessSchema, MovementSchema } from '../movement/movement.entity.js';
import { ReceiptSchema, type Receipt } from './dak.entity.js';
import { assertCan, loadVisibleReceipt } from './dak.policy.js';
import { presentCommitted, presentReceipt } from './dak.presenter.js';
import type { SendInput } from './dak.schemas.js';

/**
 * Sends a diarised receipt from its holder to another post (the new single holder), with remarks,
 * priority and due date; copies go read-only to other posts for information. The recipients'
 * inboxes update live.
 */
export async function sendReceipt(scope: Scope, id: string, input: SendInput) {
  const { actor } = scope;
  const visible = await loadVisibleReceipt(scope.em, actor, id);
  assertCan(actor, 'receipt.act', visible);
  await transact(scope, async (tx) => {
    const receipt = await loadForUpdate(tx.em, ReceiptSchema, id, input.version, (r) => presentReceipt(tx.em, actor, r as Receipt));
    if (receipt.holderPost.id !== actor.postId) throw new AppError('NOT_WITH_YOU');
    if (receipt.status !== 'diarised') throw new AppError('INVALID_STATE', { reason: { tKey: receipt.status === 'draft' ? 'reasons.notDiarised' : 'reasons.closed' } });
    if (input.toPostId === actor.postId) throw new AppError('INVALID_STATE', { reason: { tKey: 'reasons.sameHolder' } });
    const targets = [input.toPostId, ...input.copyTo.filter((p) => p !== input.toPostId && p !== actor.postId)];
    const posts = await tx.em.find(PostSchema, { id: { $in: targets }, active: true });
    if (posts.length !== new Set(targets).size) {
      throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['toPostId'], code: 'not_found', message: 'unknown or inactive post' }] });
    }
    const now = new Date();
    const priority = input.priority ?? receipt.priority;
    const dueDate = input.dueDate !== undefined ? input.dueDate : (receipt.dueDate ?? null);
    const move = (to: string, kind: 'send' | 'copy') =>
      tx.em.create(MovementSchema, {
        id: randomUUID(), itemType: 'receipt', itemId: id, kind, fromPost: actor.postId!, toPost: to, sentBy: actor.userId,
        remarks: input.remarks ?? null, priority, dueDate, sentAt: now, openedAt: null,
      } as never);
    move(input.toPostId, 'send');
    const copies = [...new Set(input.copyTo)].filter((p) => p !== input.toPostId && p !== actor.postId);
    copies.forEach((p) => move(p, 'copy'));
    for (const [post, readOnly] of [[input.toPostId, false], ...copies.map((p) => [p, true] as const)] as Array<[string, boolean]>) {
      await tx.em.upsert(ItemAccessSchema, { itemType: 'receipt', itemId: id, post, readOnly, grantedAt: now } as never, { onConflictAction: 'ignore' } as never);
    }
    tx.em.assign(receipt, { holderPost: input.toPostId, heldSince: now, openedAt: null, priority, dueDate } as never);
    await tx.em.flush();
    await tx.audit({ action: 'receipt.send', objectType: 'receipt', objectId: id, details: { from: actor.postId, to: input.toPostId, copies, priority, dueDate } });
    for (const p of [input.toPostId, ...copies]) tx.hint(rooms.post(p), { entity: 'inbox', ids: [id] });
    tx.hint(rooms.post(actor.postId!), { entity: 'inbox', ids: [id] });
  });
  return presentCommitted(scope, id);
}
