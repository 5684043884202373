import { route } from '../../http/route.js';
import { discardSpooled, scanUploadParser, type SpooledFile } from '../../http/upload-storage.js';
import * as s from './dak.schemas.js';
import { uploadScans } from './upload-scans.js';
import { getReceipt } from './get-receipt.js';
import { diariseReceipt } from './diarise-receipt.js';
import { registerReceipt } from './register-receipt.js';
import { getPageImage } from './page-image.js';
import { queueStatus } from './queue-status.js';
import { listDrafts } from './list-drafts.js';
import { suggestFields } from './suggest-fields.js';
import { loadVisibleReceipt } from './dak.policy.js';
import { ReceiptPageSchema } from './dak.entity.js';
import { sendDownload } from '../../http/download.js';
import { listDiaryRegister } from './diary-register.js';
import { diaryRegisterFile } from './print-diary-register.js';
import { listSentRegister } from './sent-register.js';
import { sentRegisterFile } from './print-sent-register.js';
import { acknowledgementSlip } from './print-acknowledgement.js';
import { receiptCoverSheet } from './print-cover-sheet.js';

const PRINTED = { contentType: 'application/pdf', description: 'A4 PDF (Hindi shaped, text copyable as typed), shown inline for printing' };
const REGISTER = {
  contentType: ['application/pdf', 'text/csv'],
  description: 'format=pdf: A4 landscape PDF to print, header row on every page; format=csv: UTF-8 CSV with BOM (formula-safe cells)',
};

const tags = ['dak'];
/** Receipts: scans, diarising, pages (their moves are the items core's: movement's moveRoutes). */
export const dakRoutes = [
  route({
    method: 'post',
    path: '/api/receipts/scans',
    summary: 'Upload scans (multipart field "files"): each file becomes a draft receipt, or pages of ?receiptId',
    tags,
    access: 'dak',
    status: 201,
    query: s.scanQuery,
    response: s.scanResultOut,
    before: (deps) => scanUploadParser({ maxBytes: deps.env.SCAN_MAX_BYTES, maxFiles: deps.env.SCAN_MAX_FILES }),
    handler: async (scope, { query, koa }) => {
      const files =
        (koa.request as unknown as { files?: SpooledFile[] }).files ?? (koa as unknown as { files?: SpooledFile[] }).files ?? [];
      try {
        const result = await uploadScans(scope, { files, receiptId: query.receiptId });
        if (result.receipts.length === 0) koa.status = 200;
        return result;
      } finally {
        await discardSpooled(files);
      }
    },
  }),
  route({
    method: 'post',
    path: '/api/receipts',
    summary: 'Diarise a physical receipt without a scan',
    tags,
    access: 'dak',
    status: 201,
    body: s.createPhysicalIn,
    response: s.diariseOut,
    handler: (scope, { body }) => registerReceipt(scope, body),
  }),
  route({
    method: 'get',
    path: '/api/receipts/:id',
    summary: 'A receipt with pages, OCR text, uploads and history',
    tags,
    access: 'user',
    params: s.receiptParams,
    response: s.receiptOut,
    handler: (scope, { params }) => getReceipt(scope, params.id),
  }),
  route({
    method: 'get',
    path: '/api/receipts/:id/suggestions',
    summary: 'Diarisation fields suggested from the OCR text',
    tags,
    access: 'user',
    params: s.receiptParams,
    response: s.suggestionsOut,
    handler: async (scope, { params }) => {
      await loadVisibleReceipt(scope.em, scope.actor, params.id);
      const pages = await scope.em.find(
        ReceiptPageSchema,
        { receipt: params.id, status: 'done' },
        { orderBy: { pageNo: 'asc' }, limit: 3 },
      );
      return suggestFields(pages.map((p) => p.ocrText ?? '').join('\n'));
    },
  }),
  route({
    method: 'post',
    path: '/api/receipts/:id/diarise',
    summary: 'Diarise a draft receipt: returns its diary number',
    tags,
    access: 'user',
    params: s.receiptParams,
    body: s.diariseIn,
    response: s.diariseOut,
    handler: (scope, { params, body }) => diariseReceipt(scope, params.id, body),
  }),
  route({
    method: 'get',
    path: '/api/receipts/:id/pages/:pageId/:variant',
    summary: 'A page image: page (PNG), preview or thumb (JPEG)',
    tags,
    access: 'user',
    params: s.pageImageParams,
    raw: { contentType: 'image/*' },
    handler: async (scope, { params, koa }) => {
      const img = await getPageImage(scope, params);
      koa.type = img.contentType;
      koa.length = img.size;
      koa.set('Cache-Control', 'private, max-age=3600');
      koa.body = img.stream;
    },
  }),
  route({
    method: 'get',
    path: '/api/dak/drafts',
    summary:
      "Draft receipts on the acting post's desk, newest first, each with its scan's file name, first-page thumbnail and first OCR line",
    tags,
    access: 'user',
    response: s.draftsOut,
    handler: (scope) => listDrafts(scope),
  }),
  // printed documents and registers (the web app's print pages open these)
  route({
    method: 'get',
    path: '/api/dak/diary-register',
    summary:
      "The diary register of the acting post's office for a day or a period (by the day each receipt was diarised), in diary-number order",
    tags,
    access: 'user',
    description:
      'The office’s dak desk (a post with the dak capability) sees every entry — graded ones it may not see with sender, letter, subject and remarks withheld, so the numbers run without gaps; any other post sees only the receipts it may see. `from`/`to`: IST days, default today, at most a year apart.',
    query: s.diaryRegisterQuery,
    response: s.diaryRegisterOut,
    handler: (scope, { query }) => listDiaryRegister(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/dak/diary-register/export',
    summary:
      'The diary register to print (PDF) or as CSV: diary no., received date, mode, sender, letter no. & date, subject, to whom marked, remarks',
    tags,
    access: 'user',
    description:
      'Same entries and visibility as GET /api/dak/diary-register. Printing graded entries in full is recorded in the audit log (dak.diary-register.print).',
    query: s.diaryRegisterExportQuery,
    raw: REGISTER,
    handler: async (scope, { query, koa }) => sendDownload(koa, await diaryRegisterFile(scope, query)),
  }),
  route({
    method: 'get',
    path: '/api/dak/sent-register',
    summary: "The acting post's sent register: every receipt it sent, returned or copied on in a period, newest first, with exact times",
    tags,
    access: 'user',
    description:
      'Each movement is a row: `sentAt` and `openedAt` are exact ISO 8601 timestamps; `holder` is who holds the receipt now. A receipt whose grading was raised since is listed withheld.',
    query: s.sentRegisterQuery,
    response: s.sentRegisterOut,
    handler: (scope, { query }) => listSentRegister(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/dak/sent-register/export',
    summary: 'The sent register to print (PDF) or as CSV, with times to the second (DD.MM.YYYY HH:MM:SS, IST)',
    tags,
    access: 'user',
    description: 'Same rows as GET /api/dak/sent-register.',
    query: s.sentRegisterExportQuery,
    raw: REGISTER,
    handler: async (scope, { query, koa }) => sendDownload(koa, await sentRegisterFile(scope, query)),
  }),
  route({
    method: 'get',
    path: '/api/receipts/:id/print/acknowledgement',
    summary: 'The acknowledgement slip of a diarised receipt (A5 PDF) to hand to whoever delivered it',
    tags,
    access: 'user',
    description:
      'Diary number, date and time received, sender, letter, subject, office and the post that received it. For whoever may see the receipt (others: 404); a draft is 422. Printed in the letter’s language unless `lang` is given. The diarise answers link it for letters delivered by hand (`acknowledgementSlip`).',
    params: s.receiptParams,
    query: s.printQuery,
    raw: { ...PRINTED, description: 'A5 PDF, shown inline for printing' },
    handler: async (scope, { params, query, koa }) => sendDownload(koa, await acknowledgementSlip(scope, params.id, query)),
  }),
  route({
    method: 'get',
    path: '/api/receipts/:id/print/cover-sheet',
    summary: "A receipt's cover sheet (A4 PDF): diary no., grading, priority, due date, subject, sender, movement so far",
    tags,
    access: 'user',
    description:
      'For whoever may see the receipt (others: 404); a draft is 422. Printing a graded receipt’s cover sheet is recorded in the audit log (receipt.print).',
    params: s.receiptParams,
    query: s.printQuery,
    raw: PRINTED,
    handler: async (scope, { params, query, koa }) => sendDownload(koa, await receiptCoverSheet(scope, params.id, query)),
  }),
];

/** The scanning desk's work queue (after /api/search in the OpenAPI document: routes.ts). */
export const dakQueueRoutes = [
  route({
    method: 'get',
    path: '/api/dak/queue',
    summary: 'Scanning work waiting (preprocessing and OCR)',
    tags,
    access: 'dak',
    response: s.queueOut,
    handler: (scope) => queueStatus(scope),
  }),
];
