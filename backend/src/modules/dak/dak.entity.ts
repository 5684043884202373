import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfficeSchema, PostSchema, UserSchema } from '../org/index.js';
import { registerItemAccess } from '../movement/index.js';
import { PRIORITY_RANK, type Grading, type Priority } from '../../shared/items.js';
import { versionedColumns } from '../../shared/entity-columns.js';
import { searchKey } from '../../shared/search-text.js';

export const RECEIPT_MODES = ['post', 'by_hand', 'email', 'fax', 'courier', 'portal'] as const;
export const RECEIPT_LANGUAGES = ['hi', 'en', 'mixed', 'other'] as const;
/** `filed`: put in a file as correspondence; it moves with the file from then on. */
export const RECEIPT_STATUSES = ['draft', 'diarised', 'filed', 'closed'] as const;

/**
 * Text searched for receipts: its search_key is kept in the indexed column search_text (search/search.queries.ts).
 * The ::text casts are how PostgreSQL writes the generated expression back, so the schema diff stays quiet.
 */
export const RECEIPT_SEARCH_TEXT = `coalesce(subject, '') || ' ' || coalesce(sender::text, '') || ' ' || coalesce(letter_number::text, '') || ' ' || coalesce(diary_number::text, '') || ' ' || coalesce(category::text, '')`;
/** A page's searched text (its OCR reading), indexed and queried alike. */
export const PAGE_SEARCH_TEXT = `coalesce(ocr_text, '')`;

/**
 * A receipt (dak): a draft from the moment its scan arrives, diarised with a gap-free diary number
 * per office per year. Exactly one holder post at a time; moves are recorded as movements.
 */
export const ReceiptSchema = defineEntity({
  name: 'Receipt',
  tableName: 'receipt',
  indexes: [
    // the working inbox of a post, first page in either order without reading the rest (movement/list-inbox.ts)
    {
      name: 'receipt_inbox_priority',
      expression: `create index "receipt_inbox_priority" on "receipt" ("holder_post_id", (${PRIORITY_RANK()}), "held_since") where status in ('draft', 'diarised') and parked_at is null`,
    },
    {
      name: 'receipt_inbox_received',
      expression: `create index "receipt_inbox_received" on "receipt" ("holder_post_id", "held_since") where status in ('draft', 'diarised') and parked_at is null`,
    },
    {
      name: 'receipt_key_fts',
      expression: `create index "receipt_key_fts" on "receipt" using gin (to_tsvector('simple', search_text))`,
    },
    {
      name: 'receipt_key_trgm',
      expression: `create index "receipt_key_trgm" on "receipt" using gin (search_text gin_trgm_ops)`,
    },
    // a search's first look at the recent items (search.queries.ts): the words' index and this one together
    { name: 'receipt_created_at', properties: ['createdAt'] },
  ],
  properties: {
    id: p.uuid().primary(),
    office: () => p.manyToOne(OfficeSchema).ref().index(),
    status: p.string().length(20).$type<(typeof RECEIPT_STATUSES)[number]>().index(),
    diaryNumber: p.string().length(80).nullable().unique(),
    diaryYear: p.integer().nullable(),
    diarySeq: p.integer().nullable(),
    receivedDate: p.date().nullable(),
    mode: p.string().length(20).nullable().$type<(typeof RECEIPT_MODES)[number]>(),
    sender: p.string().length(300).nullable(),
    senderAddress: p.string().length(500).nullable(),
    senderMobile: p.string().length(20).nullable(),
    senderEmail: p.string().length(200).nullable(),
    letterNumber: p.string().length(120).nullable(),
    letterDate: p.date().nullable(),
    subject: p.text().nullable(),
    /** search_key of the searched text, kept by PostgreSQL (shared/search-text.ts); never read by the app (default: only so creating needs no value). */
    searchText: p
      .text()
      .generated(`(${searchKey(RECEIPT_SEARCH_TEXT)}) stored`)
      .nullable()
      .lazy()
      .default(null)
      .ignoreSchemaChanges('type', 'extra', 'default'),
    category: p.string().length(80).nullable(),
    language: p.string().length(10).nullable().$type<(typeof RECEIPT_LANGUAGES)[number]>(),
    grading: p.string().length(20).$type<Grading>(),
    priority: p.string().length(20).$type<Priority>(),
    dueDate: p.date().nullable(),
    remarks: p.text().nullable(),
    pageCount: p.integer().default(0),
    createdByPost: () => p.manyToOne(PostSchema).ref(),
    createdByUser: () => p.manyToOne(UserSchema).ref(),
    holderPost: () => p.manyToOne(PostSchema).ref().index(),
    /** When the current holder first opened it after the last move (pull back is allowed until then). */
    openedAt: p.datetime().nullable(),
    heldSince: p.datetime(),
    parkedAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    /** The file it was put in (status `filed`). */
    filedIn: p.uuid().nullable().index(),
    diarisedAt: p.datetime().nullable(),
    ...versionedColumns(),
  },
});
export type Receipt = InferEntity<typeof ReceiptSchema>;

/** A receipt exists for a post on its own access list or, once put in a file, on the file's (movement/access.ts). */
export const receiptAccess = registerItemAccess({
  type: 'receipt',
  table: 'receipt',
  via: [
    { type: 'receipt', column: 'id', property: 'id' },
    { type: 'file', column: 'filed_in', property: 'filedIn' },
  ],
});

export const UPLOAD_STATUSES = ['processing', 'ready', 'failed'] as const;

/** One uploaded file (scan) of a receipt; the original is kept in object storage as received. */
export const ReceiptUploadSchema = defineEntity({
  name: 'ReceiptUpload',
  tableName: 'receipt_upload',
  properties: {
    id: p.uuid().primary(),
    receipt: () => p.manyToOne(ReceiptSchema).ref().index(),
    filename: p.string().length(300),
    kind: p.string().length(10),
    mime: p.string().length(60),
    size: p.bigint('number'),
    sha256: p.string().length(64).index(),
    objectKey: p.string().length(300),
    pageCount: p.integer(),
    firstPageNo: p.integer(),
    status: p.string().length(20).$type<(typeof UPLOAD_STATUSES)[number]>(),
    error: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ReceiptUpload = InferEntity<typeof ReceiptUploadSchema>;

export const PAGE_STATUSES = ['queued', 'ocr_pending', 'done', 'failed'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/** A page of a receipt: its images (keys by scheme) and its OCR text, indexed for search. */
export const ReceiptPageSchema = defineEntity({
  name: 'ReceiptPage',
  tableName: 'receipt_page',
  uniques: [{ properties: ['receipt', 'pageNo'] }],
  indexes: [
    {
      name: 'receipt_page_key_fts',
      expression: `create index "receipt_page_key_fts" on "receipt_page" using gin (to_tsvector('simple', search_text))`,
    },
    {
      name: 'receipt_page_key_trgm',
      expression: `create index "receipt_page_key_trgm" on "receipt_page" using gin (search_text gin_trgm_ops)`,
    },
    // a search's first look at recent receipts: a page is never older than its receipt (search.queries.ts)
    { name: 'receipt_page_updated_at', properties: ['updatedAt'] },
  ],
  properties: {
    id: p.uuid().primary(),
    receipt: () => p.manyToOne(ReceiptSchema).ref(),
    upload: () => p.manyToOne(ReceiptUploadSchema).ref().index(),
    pageNo: p.integer(),
    sourceIndex: p.integer(),
    status: p.string().length(20).$type<PageStatus>(),
    width: p.integer().nullable(),
    height: p.integer().nullable(),
    ocrText: p.text().nullable(),
    /** search_key of the searched text, kept by PostgreSQL (shared/search-text.ts); never read by the app (default: only so creating needs no value). */
    searchText: p
      .text()
      .generated(`(${searchKey(PAGE_SEARCH_TEXT)}) stored`)
      .nullable()
      .lazy()
      .default(null)
      .ignoreSchemaChanges('type', 'extra', 'default'),
    ocrConfidence: p.float().nullable(),
    ocrAttempts: p.integer().default(0),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type ReceiptPage = InferEntity<typeof ReceiptPageSchema>;
