import { z } from 'zod';
import { movementOut } from '../movement/index.js';
import { CORRESPONDENCE_FLAGS, DRAFT_STATUSES, FILE_KINDS, FILE_STATUSES, NOTE_STATES } from './files.entity.js';
import { bilingual, grading, id, isoDate, pageQuery, paginated, postRef, priority, text, version } from '../../shared/schemas.js';

const userRef = z.object({ id, username: z.string(), name: bilingual });
/** Rich text as the editor sends it; sanitised on the server (see rich-text.ts). */
const richText = z.string().max(100_000);

// --- file heads (the office's file scheme, CSMOP para 45)
export const headCode = text(40)
  .min(1)
  .max(40)
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, 'fields.headCode');
export const fileHeadOut = z.object({ id, officeId: id, code: z.string(), name: bilingual, active: z.boolean(), version });
export const fileHeadsOut = z.object({ items: z.array(fileHeadOut) });
export const fileHeadsQuery = z.object({
  officeId: id.optional(),
  all: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const createFileHeadIn = z.strictObject({ officeId: id, code: headCode, name: bilingual });
export const updateFileHeadIn = z.strictObject({ version, name: bilingual.optional(), active: z.boolean().optional() });

// --- files
export const openFileIn = z.strictObject({
  headId: id,
  subject: text(2000).min(3),
  category: text(80).nullable().optional(),
  keywords: z.array(text(60).min(1)).max(20).default([]),
  grading: grading.default('normal'),
  priority: priority.default('normal'),
  dueDate: isoDate.nullable().optional(),
  /** Open the file from a receipt the acting post holds: it becomes the first correspondence. */
  receiptId: id.optional(),
  receiptVersion: version.optional(),
});
export const createPartIn = z.strictObject({ kind: z.enum(['part', 'volume']), subject: text(2000).min(3).optional() });
export const fileListQuery = pageQuery.extend({ q: text(200).optional() });
const fileSummaryOut = z.object({
  id,
  fileNumber: z.string(),
  subject: z.string(),
  status: z.enum(FILE_STATUSES),
  grading,
  holder: postRef,
});
export const fileListOut = paginated(fileSummaryOut);

const noteOut = z.object({
  id,
  no: z.int().describe('paragraph number; provisional while yellow'),
  state: z.enum(NOTE_STATES),
  body: z.string(),
  bodyText: z.string(),
  refPages: z.array(z.int()),
  refFiles: z.array(z.object({ id, fileNumber: z.string().nullable() })),
  author: postRef,
  authorUser: userRef,
  createdAt: z.string(),
  updatedAt: z.string(),
  lockedAt: z.string().nullable(),
  version,
  canEdit: z.boolean(),
  signature: z
    .object({
      signer: z.string(),
      signedAt: z.string(),
      serialNumber: z.string(),
      integrity: z.boolean().describe('the note reads exactly as signed'),
      trusted: z.boolean(),
      revoked: z.boolean(),
      demoCertificate: z
        .literal(true)
        .optional()
        .describe('present (true) when signed with a demo certificate (issued by the Patravali Demo CA, not under the CCA India)'),
    })
    .nullable(),
  canSign: z.boolean(),
});
const issueOut = z.object({ dispatchId: id, issueNumber: z.string(), status: z.string(), documentUrl: z.string().nullable() });
const corrPageOut = z.object({
  no: z.int().describe('page number in the file series (p. N/C)'),
  receiptPageNo: z.int(),
  id,
  status: z.string(),
  ocrText: z.string().nullable(),
  images: z.object({ page: z.string(), preview: z.string(), thumb: z.string() }),
});
const correspondenceOut = z.object({
  id,
  seq: z.int(),
  kind: z.enum(['receipt', 'issued']),
  firstPage: z.int(),
  lastPage: z.int(),
  pageCount: z.int(),
  flag: z.enum(CORRESPONDENCE_FLAGS).nullable(),
  addedAt: z.string(),
  addedBy: postRef,
  receipt: z
    .object({
      id,
      diaryNumber: z.string().nullable(),
      subject: z.string().nullable(),
      sender: z.string().nullable(),
      letterNumber: z.string().nullable(),
      letterDate: isoDate.nullable(),
      receivedDate: isoDate.nullable(),
    })
    .nullable(),
  draft: z.object({ id, subject: z.string() }).nullable(),
  dispatch: issueOut.nullable().describe('an issued letter: its register entry and signed PDF'),
  pages: z.array(corrPageOut),
});
const draftSummaryOut = z.object({
  id,
  subject: z.string(),
  status: z.enum(DRAFT_STATUSES),
  currentVersion: z.int(),
  approvedVersion: z.int().nullable(),
  createdBy: postRef,
  createdAt: z.string(),
  version,
  issue: issueOut.nullable(),
});
const linkOut = z.object({
  id,
  fileNumber: z.string(),
  subject: z.string(),
  kind: z.enum(['related', 'part', 'volume']),
  role: z.enum(['related', 'parent', 'child']),
});
export const fileOut = z.object({
  id,
  fileNumber: z.string(),
  kind: z.enum(FILE_KINDS),
  parent: z.object({ id, fileNumber: z.string() }).nullable(),
  partNo: z.int().nullable(),
  officeId: id,
  head: z.object({ id, code: z.string(), name: bilingual }),
  subject: z.string(),
  category: z.string().nullable(),
  keywords: z.array(z.string()),
  grading,
  priority,
  dueDate: isoDate.nullable(),
  status: z.enum(FILE_STATUSES),
  holder: postRef,
  createdBy: postRef,
  heldSince: z.string(),
  openedAt: z.string().nullable(),
  parkedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  version,
  notes: z.array(noteOut),
  correspondence: z.array(correspondenceOut),
  drafts: z.array(draftSummaryOut),
  links: z.array(linkOut),
  movements: z.array(movementOut),
  abilities: z.object({
    note: z.boolean(),
    send: z.boolean(),
    pullBack: z.boolean(),
    return: z.boolean(),
    park: z.boolean(),
    unpark: z.boolean(),
    close: z.boolean(),
    reopen: z.boolean(),
    addCorrespondence: z.boolean(),
    draft: z.boolean(),
    link: z.boolean(),
    createPart: z.boolean(),
  }),
});
export type FileOut = z.infer<typeof fileOut>;

export const fileParams = z.object({ id });
export const noteParams = z.object({ id, noteId: id });
export const corrParams = z.object({ id, corrId: id });
export const linkParams = z.object({ id, otherId: id });
export const draftParams = z.object({ id, draftId: id });
/** Every change to a file carries the file version the user saw. */
export const addNoteIn = z.strictObject({ version, body: richText });
export const editNoteIn = z.strictObject({ version, body: richText });
export const versionQuery = z.object({ version: z.coerce.number().int().min(1) });
export const addCorrespondenceIn = z.strictObject({ version, receiptId: id, receiptVersion: version });
export const flagIn = z.strictObject({ version, flag: z.enum(CORRESPONDENCE_FLAGS).nullable() });
export const linkIn = z.strictObject({ version, fileId: id });

// --- drafts (DFA)
export const createDraftIn = z.strictObject({
  version,
  subject: text(500).min(3),
  addressee: text(2000).nullable().optional(),
  body: richText,
});
export const reviseDraftIn = z.strictObject({
  version: version.describe('the draft version the user saw'),
  body: richText,
  subject: text(500).min(3).optional(),
  addressee: text(2000).nullable().optional(),
  remark: text(500).nullable().optional(),
});
export const approveDraftIn = z.strictObject({ version: version.describe('the draft version the user saw') });
export const commentIn = z.strictObject({ text: text(4000).min(1) });
const draftVersionOut = z.object({
  no: z.int(),
  body: z.string(),
  bodyText: z.string(),
  remark: z.string().nullable(),
  author: postRef,
  authorUser: userRef,
  createdAt: z.string(),
  byApprover: z.boolean(),
});
export const draftOut = draftSummaryOut.extend({
  fileId: id,
  addressee: z.string().nullable(),
  approvedBy: postRef.nullable(),
  approvedAt: z.string().nullable(),
  readyForSigning: z.boolean(),
  versions: z.array(draftVersionOut),
  comments: z.array(z.object({ id, versionNo: z.int(), text: z.string(), author: postRef, authorUser: userRef, createdAt: z.string() })),
  abilities: z.object({ revise: z.boolean(), approve: z.boolean(), comment: z.boolean() }),
});
export const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
export const diffOut = z.object({
  from: z.int(),
  to: z.int(),
  parts: z.array(z.object({ value: z.string(), op: z.enum(['same', 'added', 'removed']) })),
  added: z.int(),
  removed: z.int(),
});

// --- history
export const historyOut = z.object({
  items: z.array(
    z.object({
      seq: z.int(),
      at: z.string(),
      action: z.string(),
      actor: z.string(),
      post: postRef.nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});

export type OpenFileInput = z.infer<typeof openFileIn>;
