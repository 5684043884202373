import { isoOrNull } from '../../shared/dates.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import type { Scope } from '../../shared/scope.js';
import { loadVisibleReceipt, receiptRefusal, receiptStateRefusal, type ReceiptAction } from './dak.policy.js';
import { moveAbilities, moveFacts, presentMovements } from '../movement/index.js';
import { receiptAddons } from './receipt-addons.js';
import { ReceiptPageSchema, ReceiptUploadSchema, type Receipt } from './dak.entity.js';
import type { ReceiptOut } from './dak.schemas.js';
import { t } from '../../shared/i18n.js';

/** The receipt as its viewer sees it: fields, pages with OCR, uploads, history and what they may do. */
export async function presentReceipt(em: EntityManager, actor: Actor, r: Receipt): Promise<ReceiptOut> {
  const [pages, uploads, history, file] = await Promise.all([
    em.find(ReceiptPageSchema, { receipt: r.id }, { orderBy: { pageNo: 'asc' } }),
    em.find(ReceiptUploadSchema, { receipt: r.id }, { orderBy: { createdAt: 'asc' } }),
    presentMovements(em, 'receipt', r.id, [r.holderPost.id, r.createdByPost.id]),
    r.filedIn ? receiptAddons.use.filedIn(em, r.filedIn) : null,
  ]);
  const { refs } = history;
  const may = (action: ReceiptAction) => !receiptRefusal(actor, r, action);
  const base = `/api/receipts/${r.id}/pages`;
  const ocrDone = pages.filter((p) => p.status === 'done').length;
  const failed = pages.filter((p) => p.status === 'failed').length;
  return {
    id: r.id,
    status: r.status,
    diaryNumber: r.diaryNumber ?? null,
    officeId: r.office.id,
    receivedDate: r.receivedDate ?? null,
    mode: r.mode ?? null,
    sender: r.sender ?? null,
    senderAddress: r.senderAddress ?? null,
    senderMobile: r.senderMobile ?? null,
    senderEmail: r.senderEmail ?? null,
    letterNumber: r.letterNumber ?? null,
    letterDate: r.letterDate ?? null,
    subject: r.subject ?? null,
    category: r.category ?? null,
    language: r.language ?? null,
    grading: r.grading,
    priority: r.priority,
    dueDate: r.dueDate ?? null,
    remarks: r.remarks ?? null,
    holder: refs.get(r.holderPost.id)!,
    createdBy: refs.get(r.createdByPost.id)!,
    heldSince: r.heldSince.toISOString(),
    openedAt: isoOrNull(r.openedAt),
    createdAt: r.createdAt.toISOString(),
    diarisedAt: isoOrNull(r.diarisedAt),
    version: r.version,
    progress: { pages: pages.length, ocrDone, failed, processing: ocrDone + failed < pages.length },
    pages: pages.map((p) => ({
      id: p.id,
      pageNo: p.pageNo,
      status: p.status,
      width: p.width ?? null,
      height: p.height ?? null,
      ocrText: p.ocrText ?? null,
      ocrConfidence: p.ocrConfidence ?? null,
      images: { page: `${base}/${p.id}/page`, preview: `${base}/${p.id}/preview`, thumb: `${base}/${p.id}/thumb` },
    })),
    // a file that passed the upload check but failed deeper down: say why, in the user's language
    uploads: uploads.map((u) => ({
      id: u.id,
      filename: u.filename,
      kind: u.kind,
      size: u.size,
      sha256: u.sha256,
      pageCount: u.pageCount,
      status: u.status,
      error: u.error ? t(actor.locale, `scan.${u.error}`, { file: u.filename, detected: u.kind }) : null,
    })),
    movements: history.movements,
    filedIn: file ? { id: file.id, fileNumber: file.fileNumber } : null,
    parkedAt: isoOrNull(r.parkedAt),
    closedAt: isoOrNull(r.closedAt),
    // the rules the use cases enforce (dak.policy.ts, movement.policy.ts); `edit` has no route of its own yet: the add-pages rule
    abilities: {
      diarise: may('diarise'),
      edit: may('addPages'),
      addPages: may('addPages'),
      putInFile: may('putInFile'),
      ...moveAbilities({ stateRefusal: receiptStateRefusal }, actor, moveFacts(r, history.lastMove)),
    },
  };
}

/** The receipt as committed (a fresh identity map, one for loading and presenting) after a change. */
export async function presentCommitted(scope: Scope, id: string): Promise<ReceiptOut> {
  const em = scope.em.fork();
  return presentReceipt(em, scope.actor, await loadVisibleReceipt(em, scope.actor, id));
}
