import { randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/actor.js';
import { AppError } from '../../shared/app-error.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { rooms } from '../../realtime/hints.js';
import { GRADINGS, ReceiptSchema, type Receipt } from '../dak/dak.entity.js';
import { presentReceipt } from '../dak/dak.presenter.js';
import { loadVisibleReceipt } from '../dak/dak.policy.js';
import { assertReceiptLive } from '../dak/receipt.movable.js';
import { CorrespondenceSchema, type CorrespondenceFlag, type EFile } from './files.entity.js';
import { loadVisibleFile, lockFileForChange, touch } from './files.policy.js';
import { presentCommittedFile, presentFile } from './files.presenter.js';
import { narrowAccessToGrading } from '../movement/narrow-access.js';
import { notePendencyChange, refreshItem } from '../pendency/pendency-maintenance.js';
import { applyItemRegister } from '../pendency/set-item-register.js';
import type { Register } from '../pendency/pendency.schemas.js';

/**
 * Puts a receipt the acting post holds into the file as the next correspondence entry: its pages
 * continue the file's page series. From then on the receipt moves with the file (status `filed`).
 * A graded receipt raises the file's grading to its own, and with it who may see the file (only its
 * holder chain keeps access).
 */
export async function attachReceipt(tx: Tx, actor: Actor, file: EFile, receiptId: string, receiptVersion: number): Promise<void> {
  const receipt = await loadForUpdate(tx.em, ReceiptSchema, receiptId, receiptVersion, (r) => presentReceipt(tx.em, actor, r as Receipt));
  if (receipt.holderPost.id !== actor.postId) throw new AppError('NOT_WITH_YOU');
  assertReceiptLive(receipt);
  const conn = tx.em.getConnection();
  const [last] = await conn.execute<Array<{ seq: number | null; page: number | null }>>(
    'select max(seq) as seq, max(first_page + page_count - 1) as page from correspondence where file_id = ?', [file.id], 'all', tx.em.getTransactionContext(),
  );
  const pageCount = Math.max(receipt.pageCount, 1);
  // the newest receipt is the fresh receipt (FR); an earlier one keeps its place as correspondence
  await tx.em.nativeUpdate(CorrespondenceSchema, { file: file.id, flag: 'fr' }, { flag: null });
  tx.em.create(CorrespondenceSchema, {
    id: randomUUID(), file: file.id, seq: Number(last?.seq ?? 0) + 1, kind: 'receipt', receipt: receipt.id, draft: null,
    firstPage: Number(last?.page ?? 0) + 1, pageCount, flag: 'fr', addedByPost: actor.postId!, addedByUser: actor.userId, addedAt: new Date(),
  } as never);
  Object.assign(receipt, { status: 'filed', filedIn: file.id, parkedAt: null });
  if (GRADINGS.indexOf(receipt.grading) > GRADINGS.indexOf(file.grading)) {
    // the file is now graded as the receipt: copies and inspections given at the lower grading end
    await narrowAccessToGrading(tx, 'file', file.id, { from: file.grading, to: receipt.grading, cause: { receiptId: receipt.id } });
    file.grading = receipt.grading;
  }
  touch(file);
  await tx.audit({ action: 'file.correspondence.add', objectType: 'file', objectId: file.id, details: { receiptId: receipt.id, diaryNumber: receipt.diaryNumber, pages: pageCount } });
  await tx.audit({ action: 'receipt.file', objectType: 'receipt', objectId: receipt.id, details: { fileId: file.id, fileNumber: file.fileNumber } });
  tx.hint(rooms.post(actor.postId!), { entity: 'inbox', ids: [receipt.id, file.id] });
  await tx.em.flush();
  // the file takes over the receipt's special register (RTI, court, VIP) unless it is in one already;
  // its clock runs from the oldest receipt in it (pendency_source), so the deadline stays the receipt's
  const regs = await tx.em.getConnection().execute<Array<{ item_type: string; register: Register; reference: string | null }>>(
    `select item_type, register, reference from pendency_register where (item_type = 'receipt' and item_id = ?) or (item_type = 'file' and item_id = ?)`,
    [receipt.id, file.id], 'all', tx.em.getTransactionContext());
  const fromReceipt = regs.find((r) => r.item_type === 'receipt');
  if (fromReceipt && !regs.some((r) => r.item_type === 'file')) await applyItemRegister(tx, actor, 'file', file.id, fromReceipt.register, fromReceipt.reference);
  else await refreshItem(tx.em, 'file', file.id);
  await notePendencyChange(tx, [actor.postId]); // the receipt is disposed of into the file
}

export async function addCorrespondence(scope: Scope, fileId: string, input: { version: number; receiptId: string; receiptVersion: number }) {
  await loadVisibleFile(scope.em, scope.actor, fileId);
  await loadVisibleReceipt(scope.em, scope.actor, input.receiptId);
  await transact(scope, async (tx) => {
    const file = await lockFileForChange(tx, scope.actor, fileId, input.version, (f) => presentFile(tx.em, scope.actor, f));
    await attachReceipt(tx, scope.actor, file, input.receiptId, input.receiptVersion);
    await tx.em.flush();
  });
  return presentCommittedFile(scope, fileId);
}

/** Flags a correspondence entry PUC (paper under consideration) or FR (fresh receipt), or clears it. */
export async function flagCorrespondence(scope: Scope, fileId: string, corrId: string, input: { version: number; flag: CorrespondenceFlag | null }) {
  await loadVisibleFile(scope.em, scope.actor, fileId);
  await transact(scope, async (tx) => {
    const file = await lockFileForChange(tx, scope.actor, fileId, input.version, (f) => presentFile(tx.em, scope.actor, f));
    const entry = await tx.em.findOne(CorrespondenceSchema, { id: corrId, file: fileId });
    if (!entry) throw new AppError('NOT_FOUND');
    entry.flag = input.flag;
    touch(file);
    await tx.em.flush();
    await tx.audit({ action: 'file.correspondence.flag', objectType: 'file', objectId: fileId, details: { correspondenceId: corrId, seq: entry.seq, flag: input.flag } });
  });
  return presentCommittedFile(scope, fileId);
}
