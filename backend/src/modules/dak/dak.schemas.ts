import { z } from 'zod';
import { movementOut } from '../movement/index.js';
import { bilingual, grading, id, isoDate, pageQuery, paginated, pastDate, postRef, priority, text, version } from '../../shared/schemas.js';
import { formatDmy } from '../../shared/dates.js';
import { REGISTERS } from '../../shared/registers.js';
import { periodInOrder, periodQuery, printLang } from '../../shared/print.js';
import { PAGE_STATUSES, RECEIPT_LANGUAGES, RECEIPT_MODES, RECEIPT_STATUSES, UPLOAD_STATUSES } from './dak.entity.js';

const pageOut = z.object({
  id,
  pageNo: z.int(),
  status: z.enum(PAGE_STATUSES),
  width: z.int().nullable(),
  height: z.int().nullable(),
  ocrText: z.string().nullable(),
  ocrConfidence: z.number().nullable(),
  images: z.object({ page: z.string(), preview: z.string(), thumb: z.string() }),
});
const uploadOut = z.object({
  id,
  filename: z.string(),
  kind: z.string(),
  size: z.int(),
  sha256: z.string(),
  pageCount: z.int(),
  status: z.enum(UPLOAD_STATUSES),
  error: z.string().nullable(),
});
export const receiptOut = z.object({
  id,
  status: z.enum(RECEIPT_STATUSES),
  diaryNumber: z.string().nullable(),
  officeId: id,
  receivedDate: isoDate.nullable(),
  mode: z.enum(RECEIPT_MODES).nullable(),
  sender: z.string().nullable(),
  senderAddress: z.string().nullable(),
  senderMobile: z.string().nullable(),
  senderEmail: z.string().nullable(),
  letterNumber: z.string().nullable(),
  letterDate: isoDate.nullable(),
  subject: z.string().nullable(),
  category: z.string().nullable(),
  language: z.enum(RECEIPT_LANGUAGES).nullable(),
  grading,
  priority,
  dueDate: isoDate.nullable(),
  remarks: z.string().nullable(),
  holder: postRef,
  createdBy: postRef,
  heldSince: z.string(),
  openedAt: z.string().nullable(),
  createdAt: z.string(),
  diarisedAt: z.string().nullable(),
  version,
  progress: z.object({ pages: z.int(), ocrDone: z.int(), failed: z.int(), processing: z.boolean() }),
  pages: z.array(pageOut),
  uploads: z.array(uploadOut),
  movements: z.array(movementOut),
  filedIn: z.object({ id, fileNumber: z.string() }).nullable(),
  parkedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  abilities: z.object({
    diarise: z.boolean(),
    edit: z.boolean(),
    send: z.boolean(),
    pullBack: z.boolean(),
    addPages: z.boolean(),
    return: z.boolean(),
    park: z.boolean(),
    unpark: z.boolean(),
    close: z.boolean(),
    reopen: z.boolean(),
    putInFile: z.boolean(),
  }),
});
export type ReceiptOut = z.infer<typeof receiptOut>;

export const scanResultOut = z.object({
  receipts: z.array(receiptOut),
  rejected: z.array(z.object({ file: z.string(), reason: z.string(), message: z.string() })),
  duplicates: z.array(z.object({ file: z.string(), receiptId: id, diaryNumber: z.string().nullable(), message: z.string() })),
});
export const scanQuery = z.object({ receiptId: id.optional() });

const receiptFields = z.strictObject({
  receivedDate: pastDate.optional(),
  mode: z.enum(RECEIPT_MODES).optional(),
  sender: text(300).min(1).optional(),
  senderAddress: text(500).nullable().optional(),
  senderMobile: z
    .string()
    .trim()
    .regex(/^(\+91)?[6-9]\d{9}$/, 'fields.mobile')
    .nullable()
    .optional(),
  senderEmail: z.email().nullable().optional(),
  letterNumber: text(120).nullable().optional(),
  letterDate: pastDate.nullable().optional(),
  subject: text(2000).min(3).optional(),
  category: text(80).nullable().optional(),
  language: z.enum(RECEIPT_LANGUAGES).nullable().optional(),
  grading: grading.optional(),
  priority: priority.optional(),
  dueDate: isoDate.nullable().optional(),
  remarks: text(2000).nullable().optional(),
});
/** A letter is not received before it was written, nor due before it was received. */
function datesInOrder(v: { receivedDate?: string; letterDate?: string | null; dueDate?: string | null }, ctx: z.RefinementCtx) {
  if (!v.receivedDate) return;
  const received = formatDmy(v.receivedDate);
  if (v.letterDate && v.letterDate > v.receivedDate)
    ctx.addIssue({ code: 'custom', path: ['letterDate'], message: 'fields.letterAfterReceived', params: { received } });
  if (v.dueDate && v.dueDate < v.receivedDate)
    ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'fields.dueBeforeReceived', params: { received } });
}
const diariseFields = receiptFields.extend({
  version,
  receivedDate: pastDate,
  mode: z.enum(RECEIPT_MODES),
  sender: text(300).min(1),
  subject: text(2000).min(3),
  acknowledge: z.boolean().default(false),
  register: z
    .enum(REGISTERS)
    .nullable()
    .optional()
    .describe('enter it in a special register (RTI, court case, VIP/MP reference): its own deadline applies'),
  registerReference: text(120).nullable().optional().describe('RTI registration no., case no., reference no.'),
});
export const diariseIn = diariseFields.superRefine(datesInOrder);
export const diariseOut = z.object({
  diaryNumber: z.string(),
  receipt: receiptOut,
  acknowledgementSlip: z
    .string()
    .nullable()
    .describe('for a letter delivered by hand: the acknowledgement slip to print and hand over (GET, application/pdf); null otherwise'),
});
export const createPhysicalIn = diariseFields.omit({ version: true }).superRefine(datesInOrder);
export const suggestionsOut = z.object({
  letterNumber: z.string().nullable(),
  letterDate: isoDate.nullable(),
  subject: z.string().nullable(),
  sender: z.string().nullable(),
  language: z.enum(RECEIPT_LANGUAGES).nullable(),
});
export const queueOut = z.object({ ocrWaiting: z.int(), ocrRunning: z.int(), preprocessingWaiting: z.int(), pagesPending: z.int() });

export const receiptParams = z.object({ id });
export const draftsOut = z.object({
  items: z.array(
    z.object({
      id,
      version: z.int(),
      subject: z.string().nullable(),
      sender: z.string().nullable(),
      priority,
      pageCount: z.int(),
      since: z.string().describe('when it reached this desk (uploaded)'),
      fileName: z.string().nullable().describe('the name of the scan it was made from (the first, when pages were added)'),
      firstLine: z.string().nullable().describe('the first line OCR read on its first page (null until read)'),
      thumbnail: z
        .string()
        .nullable()
        .describe('its first page as a small JPEG (GET, for whoever may see the receipt); null until the page is prepared'),
    }),
  ),
  total: z.int(),
});
export const pageImageParams = z.object({ id, pageId: id, variant: z.enum(['page', 'preview', 'thumb']) });

export type DiariseInput = z.infer<typeof diariseIn>;

// ------------------------------------------------------------------ registers and printed documents

/** A printed document of one receipt: its language. */
export const printQuery = z.object({ lang: printLang });
export const registerFormat = z
  .enum(['pdf', 'csv'])
  .default('pdf')
  .describe('pdf: the register to print (A4 landscape); csv: for a spreadsheet (UTF-8 with BOM)');

export const diaryRegisterQuery = pageQuery.extend(periodQuery.shape).superRefine(periodInOrder);
export const diaryRegisterExportQuery = periodQuery.extend({ format: registerFormat, lang: printLang }).superRefine(periodInOrder);
export const diaryEntryOut = z.object({
  id,
  diaryNumber: z.string(),
  receivedDate: isoDate.nullable(),
  diarisedAt: z.string().describe('when it was diarised (ISO 8601)'),
  mode: z.enum(RECEIPT_MODES).nullable(),
  withheld: z
    .boolean()
    .describe(
      'a graded receipt of the office the viewer may not see: its number and date are shown (the register has no gaps), sender, letter, subject and remarks are not',
    ),
  sender: z.string().nullable(),
  letterNumber: z.string().nullable(),
  letterDate: isoDate.nullable(),
  subject: z.string().nullable(),
  grading,
  remarks: z.string().nullable(),
  markedTo: postRef.nullable().describe('the post it was first sent to (null: not sent yet)'),
  copies: z.array(postRef).describe('posts marked a copy with that first send'),
});
export const diaryRegisterOut = paginated(diaryEntryOut).extend({
  office: z
    .object({ id, code: z.string(), name: bilingual })
    .nullable()
    .describe('the acting post’s office (null: the user acts in no post)'),
  from: isoDate,
  to: isoDate,
});

export const sentRegisterQuery = pageQuery.extend(periodQuery.shape).superRefine(periodInOrder);
export const sentRegisterExportQuery = diaryRegisterExportQuery;
export const sentEntryOut = z.object({
  movementId: id,
  receiptId: id,
  kind: z.enum(['send', 'copy', 'return']),
  sentAt: z.string().describe('exact time it was sent (ISO 8601)'),
  withheld: z.boolean().describe('its grading was raised since and the post may no longer see its details'),
  diaryNumber: z.string().nullable(),
  subject: z.string().nullable(),
  sender: z.string().nullable(),
  grading,
  from: postRef,
  to: postRef,
  remarks: z.string().nullable(),
  openedAt: z.string().nullable().describe('when the recipient opened it (ISO 8601)'),
  holder: postRef.describe('who holds it now'),
});
export const sentRegisterOut = paginated(sentEntryOut).extend({ from: isoDate, to: isoDate });

export type DiaryRegisterQuery = z.infer<typeof diaryRegisterQuery>;
export type DiaryRegisterExportQuery = z.infer<typeof diaryRegisterExportQuery>;
export type SentRegisterQuery = z.infer<typeof sentRegisterQuery>;
