import { randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/actor.js';
import { AppError, refuse } from '../../shared/app-error.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { ReceiptSchema, presentReceipt, loadVisibleReceipt, receiptRefusal } from '../dak/index.js';
import { GRADINGS } from '../../shared/items.js';
import { CorrespondenceSchema, type CorrespondenceFlag, type EFile } from './files.entity.js';
import { loadVisibleFile, lockFileForChange, touch } from './files.policy.js';
import { presentCommittedFile, presentFile } from './files.presenter.js';
import { narrowAccessToGrading } from '../movement/index.js';
import { correspondenceEnd } from './files.queries.js';

/**
 * Puts a receipt the acting post holds into the file as the next correspondence entry: its pages
 * continue the file's page series. From then on the receipt moves with the file (status `filed`).
 * A graded receipt raises the file's grading to its own, and with it who may see the file (only its
 * holder chain keeps access).
 */
export async function attachReceipt(tx: Tx, actor: Actor, file: EFile, receiptId: string, receiptVersion: number): Promise<void> {
  const receipt = await loadForUpdate(tx.em, ReceiptSchema, receiptId, receiptVersion, (r) => presentReceipt(tx.em, actor, r));
  refuse(receiptRefusal(actor, receipt, 'putInFile'));
  const last = await correspondenceEnd(tx.em, file.id);
  const pageCount = Math.max(receipt.pageCount, 1);
  // the newest receipt is the fresh receipt (FR); an earlier one keeps its place as correspondence
  await tx.em.nativeUpdate(CorrespondenceSchema, { file: file.id, flag: 'fr' }, { flag: null });
  tx.em.create(CorrespondenceSchema, {
    id: randomUUID(),
    file: file.id,
    seq: last.seq + 1,
    kind: 'receipt',
    receipt: receipt.id,
    draft: null,
    firstPage: last.page + 1,
    pageCount,
    flag: 'fr',
    addedByPost: actor.postId!,
    addedByUser: actor.userId,
    addedAt: new Date(),
  });
  Object.assign(receipt, { status: 'filed', filedIn: file.id, parkedAt: null });
  if (GRADINGS.indexOf(receipt.grading) > GRADINGS.indexOf(file.grading)) {
    // the file is now graded as the receipt: copies and inspections given at the lower grading end
    await narrowAccessToGrading(tx, 'file', file.id, { from: file.grading, to: receipt.grading, cause: { receiptId: receipt.id } });
    file.grading = receipt.grading;
  }
  touch(file);
  tx.emit({
    type: 'receipt.filed',
    receiptId: receipt.id,
    diaryNumber: receipt.diaryNumber ?? null,
    fileId: file.id,
    fileNumber: file.fileNumber,
    pages: pageCount,
    holderPostId: actor.postId!,
  });
  await tx.em.flush();
}

export async function addCorrespondence(
  scope: Scope,
  fileId: string,
  input: { version: number; receiptId: string; receiptVersion: number },
) {
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
export async function flagCorrespondence(
  scope: Scope,
  fileId: string,
  corrId: string,
  input: { version: number; flag: CorrespondenceFlag | null },
) {
  await loadVisibleFile(scope.em, scope.actor, fileId);
  await transact(scope, async (tx) => {
    const file = await lockFileForChange(tx, scope.actor, fileId, input.version, (f) => presentFile(tx.em, scope.actor, f));
    const entry = await tx.em.findOne(CorrespondenceSchema, { id: corrId, file: fileId });
    if (!entry) throw new AppError('NOT_FOUND');
    entry.flag = input.flag;
    touch(file);
    await tx.em.flush();
    tx.emit({
      type: 'file.correspondence-flagged',
      fileId,
      holderPostId: file.holderPost.id,
      correspondenceId: corrId,
      seq: entry.seq,
      flag: input.flag,
    });
  });
  return presentCommittedFile(scope, fileId);
}
