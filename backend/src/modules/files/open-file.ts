import { randomUUID } from 'node:crypto';
import { AppError, fieldError, forbidden } from '../../shared/app-error.js';
import { transact, type Scope } from '../../shared/scope.js';
import { nextNumber } from '../../shared/counter.js';
import { lockRowOrFail } from '../../shared/persistence.js';
import { istDate } from '../../shared/dates.js';
import type { Actor } from '../../shared/actor.js';
import { OfficeSchema } from '../org/index.js';
import { grant, heldByCreator } from '../movement/index.js';
import { loadVisibleReceipt } from '../dak/index.js';
import { EFileSchema, FileHeadSchema, FileLinkSchema } from './files.entity.js';
import { createPartRefusal, loadVisibleFile, mayOpenFiles } from './files.policy.js';
import { presentCommittedFile } from './files.presenter.js';
import { attachReceipt } from './correspondence.js';
import type { OpenFileInput } from './files.schemas.js';
import { lastPartNo } from './files.queries.js';

/** Posts that note on files (officers and their staff); the dak desk only diarises and sends. */
function assertMayOpenFiles(scope: Scope): void {
  if (!mayOpenFiles(scope.actor)) throw forbidden();
}

/** A file (or part) just opened: with its opener, who holds it from now. */
function openedBy(actor: Actor, now: Date) {
  return {
    status: 'open' as const,
    ...heldByCreator(actor, now),
    parkedAt: null,
    closedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Opens a file under a head of the acting post's office, numbered `<office prefix>/<head>/<serial>/<year>`
 * with a gap-free serial per head per year (CSMOP para 45). Opened from a receipt, the receipt
 * becomes its first correspondence.
 */
export async function openFile(scope: Scope, input: OpenFileInput) {
  assertMayOpenFiles(scope);
  const { actor } = scope;
  if (input.receiptId) {
    await loadVisibleReceipt(scope.em, actor, input.receiptId);
    if (input.receiptVersion === undefined)
      throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['receiptVersion'], code: 'required', message: null }] });
  }
  const head = await scope.em.findOne(FileHeadSchema, { id: input.headId, office: actor.officeId!, active: true });
  if (!head) throw fieldError(['headId'], 'not_found', 'issues.unknownHead');
  const id = randomUUID();
  await transact(scope, async (tx) => {
    const office = await tx.em.findOneOrFail(OfficeSchema, { id: actor.officeId! });
    const year = Number(istDate().slice(0, 4));
    const serial = await nextNumber(tx.em, 'file', head.id, year);
    const now = new Date();
    const file = tx.em.create(EFileSchema, {
      id,
      office: office.id,
      head: head.id,
      kind: 'main',
      parent: null,
      partNo: null,
      year,
      serial,
      fileNumber: `${office.numberPrefix}/${head.code}/${serial}/${year}`,
      subject: input.subject,
      category: input.category ?? null,
      keywords: [...new Set(input.keywords.map((k) => k.toLowerCase()))],
      grading: input.grading,
      priority: input.priority,
      dueDate: input.dueDate ?? null,
      ...openedBy(actor, now),
    });
    await grant(tx.em, 'file', id, [{ post: actor.postId!, readOnly: false }], now);
    await tx.em.flush();
    tx.emit({
      type: 'file.opened',
      fileId: id,
      holderPostId: actor.postId!,
      fileNumber: file.fileNumber,
      subject: file.subject,
      grading: file.grading,
      fromReceipt: input.receiptId ?? null,
    });
    if (input.receiptId) await attachReceipt(tx, actor, file, input.receiptId, input.receiptVersion!);
    await tx.em.flush();
  });
  return presentCommittedFile(scope, id);
}

/**
 * Opens a part file (work goes on while the main file is elsewhere) or a new volume (the main file
 * is full) of the file the acting post holds: the main file's number with a suffix, "(Part-1)",
 * "(Vol-2)". Only the holder may, as for every other action (createPartRefusal, which also sets the
 * file's `abilities.createPart`); anyone else who can see the file gets NOT_WITH_YOU.
 */
export async function createPart(scope: Scope, parentId: string, input: { kind: 'part' | 'volume'; subject?: string | undefined }) {
  assertMayOpenFiles(scope);
  const { actor } = scope;
  await loadVisibleFile(scope.em, actor, parentId);
  const id = randomUUID();
  await transact(scope, async (tx) => {
    // checked under the row lock, so the file cannot leave its holder meanwhile
    const parent = await lockRowOrFail(tx.em, EFileSchema, { id: parentId });
    const refusal = createPartRefusal(actor, parent);
    if (refusal) throw refusal;
    const partNo = ((await lastPartNo(tx.em, parentId, input.kind)) ?? (input.kind === 'volume' ? 1 : 0)) + 1;
    const now = new Date();
    const file = tx.em.create(EFileSchema, {
      id,
      office: parent.office.id,
      head: parent.head.id,
      kind: input.kind,
      parent: parent.id,
      partNo,
      year: parent.year,
      serial: parent.serial,
      fileNumber: `${parent.fileNumber} (${input.kind === 'part' ? 'Part' : 'Vol'}-${partNo})`,
      subject: input.subject ?? parent.subject,
      category: parent.category ?? null,
      keywords: parent.keywords,
      grading: parent.grading,
      priority: parent.priority,
      dueDate: null,
      ...openedBy(actor, now),
    });
    tx.em.create(FileLinkSchema, { a: parent.id, b: id, kind: input.kind, createdByPost: actor.postId!, createdAt: now });
    await grant(tx.em, 'file', id, [{ post: actor.postId!, readOnly: false }], now);
    await tx.em.flush();
    tx.emit({
      type: 'file.part-created',
      fileId: id,
      holderPostId: actor.postId!,
      kind: input.kind,
      fileNumber: file.fileNumber,
      parentId,
      parentHolderPostId: parent.holderPost.id,
    });
  });
  return presentCommittedFile(scope, id);
}
