// Response and request shapes of the Patravali HTTP API: aliases over schema.d.ts, which
// `npm run api:types` generates from the backend's OpenAPI document.
import type { paths } from './schema';

export type Locale = 'hi' | 'en';
export interface Bilingual {
  en: string;
  hi: string;
}

export type Capability = 'dak' | 'noting' | 'supervision' | 'admin' | 'checkpoint';
export const CAPABILITIES: readonly Capability[] = ['dak', 'noting', 'supervision', 'admin', 'checkpoint'];
export type ChargeType = 'regular' | 'additional';
export const CHARGE_TYPES: readonly ChargeType[] = ['regular', 'additional'];
export type OfficeKind =
  'district' | 'sp_office' | 'dm_office' | 'circle_office' | 'police_station' | 'tehsil' | 'csc' | 'commission' | 'other';
export const OFFICE_KINDS: readonly OfficeKind[] = [
  'district',
  'sp_office',
  'dm_office',
  'circle_office',
  'police_station',
  'tehsil',
  'csc',
  'commission',
  'other',
];

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body a route answers with on success (generated from the backend's zod schemas). */
export type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? Json<R extends { 200: infer A } ? A : R extends { 201: infer B } ? B : never>
  : never;
export type Item<T> = T extends { items: Array<infer I> } ? I : never;

export type Me = Ok<'/api/me', 'get'>;
export type PostSummary = Me['posts'][number];
export type Health = Ok<'/api/health', 'get'>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export interface ItemList<T> {
  items: T[];
}

export type Office = Item<Ok<'/api/org/offices', 'get'>>;
export type Section = Item<Ok<'/api/org/sections', 'get'>>;
export type Post = Item<Ok<'/api/org/posts', 'get'>>;
export type PostHolder = Post['holders'][number];
export type User = Item<Ok<'/api/org/users', 'get'>>;
export type UserCharge = User['charges'][number];
export type Charge = Item<Ok<'/api/org/charges', 'get'>>;

/** The JSON body a route accepts. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: infer B }
  ? Json<NonNullable<B>>
  : never;
export type Query<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

// --- dak: receipts, inbox, search
export type ScanResult = Ok<'/api/receipts/scans', 'post'>;
export type ScanRejection = ScanResult['rejected'][number];
export type ScanDuplicate = ScanResult['duplicates'][number];
export type Receipt = Ok<'/api/receipts/{id}', 'get'>;
export type ReceiptStatus = Receipt['status'];
export type ReceiptPage = Receipt['pages'][number];
export type ReceiptUpload = Receipt['uploads'][number];
export type Movement = Receipt['movements'][number];
export type PostRef = Receipt['holder'];
export type ReceiptProgress = Receipt['progress'];
export type Suggestions = Ok<'/api/receipts/{id}/suggestions', 'get'>;
export type DiariseInput = Body<'/api/receipts/{id}/diarise', 'post'>;
export type RegisterInput = Body<'/api/receipts', 'post'>;
export type Diarised = Ok<'/api/receipts/{id}/diarise', 'post'>;
export type SearchQuery = Query<'/api/search', 'get'>;
export type SearchPage = Ok<'/api/search', 'get'>;
export type SearchItem = Item<SearchPage>;
export type DakQueue = Ok<'/api/dak/queue', 'get'>;

export type Mode = DiariseInput['mode'];
export const MODES: readonly Mode[] = ['post', 'by_hand', 'email', 'fax', 'courier', 'portal'];
export type Grading = Receipt['grading'];
export const GRADINGS: readonly Grading[] = ['normal', 'confidential', 'secret'];
export type Priority = Receipt['priority'];
export const PRIORITIES: readonly Priority[] = ['normal', 'immediate', 'most_immediate'];
export type LetterLanguage = NonNullable<Receipt['language']>;
export const LETTER_LANGUAGES: readonly LetterLanguage[] = ['hi', 'en', 'mixed', 'other'];

// --- movement and the desk (receipts and files alike)
export type SendInput = Body<'/api/receipts/{id}/send', 'post'>;
export type RemarksInput = Body<'/api/receipts/{id}/return', 'post'>;
/** The answer to a move (send, pull back, return, park, …): what changed; the UI refetches the item. */
export type Moved = Ok<'/api/receipts/{id}/send', 'post'>;
/** One action on many items (POST /api/items/bulk), and its answer: one result per item. */
export type BulkInput = Body<'/api/items/bulk', 'post'>;
export type BulkResult = Ok<'/api/items/bulk', 'post'>;
export type BulkAction = BulkInput['action'];
export type InboxQuery = Query<'/api/inbox', 'get'>;
export type InboxPage = Ok<'/api/inbox', 'get'>;
export type InboxItem = Item<InboxPage>;
export type InboxTab = NonNullable<InboxQuery['tab']>;
export const INBOX_TABS: readonly InboxTab[] = ['inbox', 'sent', 'copies', 'parked', 'closed'];
export type InboxType = NonNullable<InboxQuery['type']>;
export type InboxSort = NonNullable<InboxQuery['sort']>;
export type InboxCounts = Ok<'/api/inbox/counts', 'get'>;
export type InboxChanges = Ok<'/api/inbox/changes', 'get'>;
export type UserRef = Movement['sentBy'];

// --- files (eFile)
export type FileHead = Item<Ok<'/api/file-heads', 'get'>>;
export type FileHeadInput = Body<'/api/admin/file-heads', 'post'>;
export type FileHeadPatch = Body<'/api/admin/file-heads/{id}', 'patch'>;
export type FileListQuery = Query<'/api/files', 'get'>;
export type FileListPage = Ok<'/api/files', 'get'>;
export type FileSummary = Item<FileListPage>;
export type EFile = Ok<'/api/files/{id}', 'get'>;
export type FileStatus = EFile['status'];
export type FileKind = EFile['kind'];
export type FileAbilities = EFile['abilities'];
export type FileNote = EFile['notes'][number];
export type NoteState = FileNote['state'];
export type Correspondence = EFile['correspondence'][number];
export type CorrespondenceFlag = NonNullable<Correspondence['flag']>;
export type CorrPage = Correspondence['pages'][number];
export type DraftSummary = EFile['drafts'][number];
export type FileLink = EFile['links'][number];
export type OpenFileInput = Body<'/api/files', 'post'>;
export type Draft = Ok<'/api/files/{id}/drafts/{draftId}', 'get'>;
export type DraftStatus = Draft['status'];
export type DraftVersion = Draft['versions'][number];
export type DraftComment = Draft['comments'][number];
export type CreateDraftInput = Body<'/api/files/{id}/drafts', 'post'>;
export type ReviseDraftInput = Body<'/api/files/{id}/drafts/{draftId}/versions', 'post'>;
export type DraftDiff = Ok<'/api/files/{id}/drafts/{draftId}/diff', 'get'>;
export type FileHistory = Ok<'/api/files/{id}/history', 'get'>;
export type AuditEntry = FileHistory['items'][number];

export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

export interface ErrorBody {
  error: string;
  message: string;
  details?: {
    issues?: ValidationIssue[];
    current?: unknown;
    retryAfterSeconds?: number;
    [key: string]: unknown;
  };
}
