import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfficeSchema, PostSchema, UserSchema } from '../org/index.js';
import { ReceiptSchema } from '../dak/index.js';
import { PRIORITY_RANK, type Grading, type Priority } from '../../shared/items.js';
import { registerItemAccess } from '../movement/index.js';
import { versionedColumns } from '../../shared/entity-columns.js';
import { searchKey } from '../../shared/search-text.js';

export const FILE_STATUSES = ['open', 'closed'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];
export const FILE_KINDS = ['main', 'part', 'volume'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** A head of the office's file scheme (CSMOP para 45), e.g. CRIME → "PBT/SP/CRIME/12/2026". */
export const FileHeadSchema = defineEntity({
  name: 'FileHead',
  tableName: 'file_head',
  uniques: [{ properties: ['office', 'code'] }],
  properties: {
    id: p.uuid().primary(),
    office: () => p.manyToOne(OfficeSchema).ref(),
    code: p.string().length(40),
    nameEn: p.string().length(200),
    nameHi: p.string().length(200),
    active: p.boolean().default(true),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type FileHead = InferEntity<typeof FileHeadSchema>;

/**
 * Text searched for files (keywords are matched whole, separately): its search_key is kept in the indexed
 * column search_text. The ::text casts are how PostgreSQL writes the generated expression back, so the
 * schema diff stays quiet.
 */
export const FILE_SEARCH_TEXT = `coalesce(file_number::text, '') || ' ' || coalesce(subject, '') || ' ' || coalesce(category::text, '')`;

/**
 * A file (eFile): notesheet and correspondence, one holder post at a time, moved like a receipt.
 * Part files and volumes hang off a main file and carry its number with a suffix.
 */
export const EFileSchema = defineEntity({
  name: 'EFile',
  tableName: 'efile',
  indexes: [
    { properties: ['holderPost', 'status'] },
    {
      name: 'efile_inbox_priority',
      expression: `create index "efile_inbox_priority" on "efile" ("holder_post_id", (${PRIORITY_RANK()}), "held_since") where status = 'open' and parked_at is null`,
    },
    {
      name: 'efile_inbox_received',
      expression: `create index "efile_inbox_received" on "efile" ("holder_post_id", "held_since") where status = 'open' and parked_at is null`,
    },
    {
      name: 'efile_key_fts',
      expression: `create index "efile_key_fts" on "efile" using gin (to_tsvector('simple', search_text))`,
    },
    // a search's first look at the recent files (search.queries.ts)
    { name: 'efile_created_at', properties: ['createdAt'] },
    {
      name: 'efile_key_trgm',
      expression: `create index "efile_key_trgm" on "efile" using gin (search_text gin_trgm_ops)`,
    },
    { name: 'efile_keywords', expression: `create index "efile_keywords" on "efile" using gin (keywords)` },
  ],
  properties: {
    id: p.uuid().primary(),
    office: () => p.manyToOne(OfficeSchema).ref().index(),
    head: () => p.manyToOne(FileHeadSchema).ref(),
    kind: p.string().length(10).$type<FileKind>(),
    parent: () => p.manyToOne(EFileSchema).ref().nullable().index(),
    partNo: p.integer().nullable(),
    year: p.integer(),
    serial: p.integer(),
    fileNumber: p.string().length(120).unique(),
    subject: p.text(),
    /** search_key of the searched text, kept by PostgreSQL (shared/search-text.ts); never read by the app (default: only so creating needs no value). */
    searchText: p
      .text()
      .generated(`(${searchKey(FILE_SEARCH_TEXT)}) stored`)
      .nullable()
      .lazy()
      .default(null)
      .ignoreSchemaChanges('type', 'extra', 'default'),
    category: p.string().length(80).nullable(),
    keywords: p.array<string>().$type<string[]>(),
    grading: p.string().length(20).$type<Grading>(),
    priority: p.string().length(20).$type<Priority>(),
    dueDate: p.date().nullable(),
    status: p.string().length(20).$type<FileStatus>(),
    createdByPost: () => p.manyToOne(PostSchema).ref(),
    createdByUser: () => p.manyToOne(UserSchema).ref(),
    holderPost: () => p.manyToOne(PostSchema).ref(),
    heldSince: p.datetime(),
    openedAt: p.datetime().nullable(),
    parkedAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    ...versionedColumns(),
  },
});
export type EFile = InferEntity<typeof EFileSchema>;

/** A file exists for a post on its own access list (movement/access.ts). */
export const fileAccess = registerItemAccess({ type: 'file', table: 'efile', via: [{ type: 'file', column: 'id', property: 'id' }] });

export const NOTE_STATES = ['yellow', 'green'] as const;
export type NoteState = (typeof NOTE_STATES)[number];

/**
 * A paragraph of the notesheet. Yellow (a draft its author may edit or delete) until the file
 * moves on; then green, numbered, and never changed again (a database trigger refuses it).
 */
export const NoteSchema = defineEntity({
  name: 'Note',
  tableName: 'note',
  indexes: [
    { properties: ['file', 'createdAt'] },
    // a search's first look at recent files: a note is never older than its file (search.queries.ts)
    { name: 'note_created_at', properties: ['createdAt'] },
    { name: 'note_key_fts', expression: `create index "note_key_fts" on "note" using gin (to_tsvector('simple', search_text))` },
    { name: 'note_key_trgm', expression: `create index "note_key_trgm" on "note" using gin (search_text gin_trgm_ops)` },
  ],
  uniques: [{ properties: ['file', 'seq'] }],
  properties: {
    id: p.uuid().primary(),
    file: () => p.manyToOne(EFileSchema).ref(),
    /** Paragraph number, given when the note turns green (yellow notes show a provisional one). */
    seq: p.integer().nullable(),
    state: p.string().length(10).$type<NoteState>(),
    body: p.text(),
    bodyText: p.text(),
    /** search_key of the searched text, kept by PostgreSQL (shared/search-text.ts); never read by the app (default: only so creating needs no value). */
    searchText: p
      .text()
      .generated(`(${searchKey('body_text')}) stored`)
      .nullable()
      .lazy()
      .default(null)
      .ignoreSchemaChanges('type', 'extra', 'default'),
    /** Correspondence pages ("p. 12/C") and other files the note refers to. */
    refPages: p.array<number>((i: string) => Number(i)).$type<number[]>(),
    refFiles: p.array<string>().$type<string[]>(),
    authorPost: () => p.manyToOne(PostSchema).ref(),
    authorUser: () => p.manyToOne(UserSchema).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    lockedAt: p.datetime().nullable(),
    version: p.integer().version(),
  },
});
export type Note = InferEntity<typeof NoteSchema>;

export const CORRESPONDENCE_KINDS = ['receipt', 'issued'] as const;
export const CORRESPONDENCE_FLAGS = ['puc', 'fr'] as const;
export type CorrespondenceFlag = (typeof CORRESPONDENCE_FLAGS)[number];

/**
 * Receipts put in the file and letters issued from it: one page-numbered series (CSMOP para 25),
 * separate from the notes. An entry keeps the pages it was given when it joined the file.
 */
export const CorrespondenceSchema = defineEntity({
  name: 'Correspondence',
  tableName: 'correspondence',
  uniques: [{ properties: ['file', 'seq'] }],
  properties: {
    id: p.uuid().primary(),
    file: () => p.manyToOne(EFileSchema).ref(),
    seq: p.integer(),
    kind: p.string().length(10).$type<(typeof CORRESPONDENCE_KINDS)[number]>(),
    receipt: () => p.manyToOne(ReceiptSchema).ref().nullable().unique(),
    draft: () => p.manyToOne(DraftSchema).ref().nullable(),
    firstPage: p.integer(),
    pageCount: p.integer(),
    flag: p.string().length(10).nullable().$type<CorrespondenceFlag>(),
    addedByPost: () => p.manyToOne(PostSchema).ref(),
    addedByUser: () => p.manyToOne(UserSchema).ref(),
    addedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Correspondence = InferEntity<typeof CorrespondenceSchema>;

export const LINK_KINDS = ['related', 'part', 'volume'] as const;

/** Two files linked (stored once, `a` < `b` for related links; parent → child for parts and volumes). */
export const FileLinkSchema = defineEntity({
  name: 'FileLink',
  tableName: 'file_link',
  primaryKeys: ['a', 'b'],
  indexes: [{ properties: ['b'] }],
  properties: {
    a: () => p.manyToOne(EFileSchema).primary().ref(),
    b: () => p.manyToOne(EFileSchema).primary().ref(),
    kind: p.string().length(10).$type<(typeof LINK_KINDS)[number]>(),
    createdByPost: () => p.manyToOne(PostSchema).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const DRAFT_STATUSES = ['draft', 'approved'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/** A draft for approval (DFA): versions, comments; approved, it is ready for signing and issue. */
export const DraftSchema = defineEntity({
  name: 'Draft',
  tableName: 'draft',
  properties: {
    id: p.uuid().primary(),
    file: () => p.manyToOne(EFileSchema).ref().index(),
    subject: p.string().length(500),
    addressee: p.text().nullable(),
    status: p.string().length(20).$type<DraftStatus>(),
    currentVersion: p.integer(),
    approvedVersion: p.integer().nullable(),
    approvedByPost: () => p.manyToOne(PostSchema).ref().nullable(),
    approvedByUser: () => p.manyToOne(UserSchema).ref().nullable(),
    approvedAt: p.datetime().nullable(),
    createdByPost: () => p.manyToOne(PostSchema).ref(),
    createdByUser: () => p.manyToOne(UserSchema).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});
export type Draft = InferEntity<typeof DraftSchema>;

/** One version of a draft's text, with its author and time (append-only). */
export const DraftVersionSchema = defineEntity({
  name: 'DraftVersion',
  tableName: 'draft_version',
  uniques: [{ properties: ['draft', 'no'] }],
  properties: {
    id: p.uuid().primary(),
    draft: () => p.manyToOne(DraftSchema).ref(),
    no: p.integer(),
    body: p.text(),
    bodyText: p.text(),
    remark: p.string().length(500).nullable(),
    authorPost: () => p.manyToOne(PostSchema).ref(),
    authorUser: () => p.manyToOne(UserSchema).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type DraftVersion = InferEntity<typeof DraftVersionSchema>;

export const DraftCommentSchema = defineEntity({
  name: 'DraftComment',
  tableName: 'draft_comment',
  properties: {
    id: p.uuid().primary(),
    draft: () => p.manyToOne(DraftSchema).ref().index(),
    versionNo: p.integer(),
    text: p.text(),
    authorPost: () => p.manyToOne(PostSchema).ref(),
    authorUser: () => p.manyToOne(UserSchema).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
