import { api, ok } from '../../api/client';
import type { DiariseInput, InboxQuery, Locale, RegisterInput, SearchQuery } from '../../api/types';

const at = (id: string) => ({ params: { path: { id } } });

/** Draft (not yet diarised) receipts on the acting post's desk, newest first (its cache key: an inbox list, so hints refresh it). */
export const DRAFTS_QUERY: InboxQuery = { tab: 'inbox', type: 'receipt', status: 'draft', sort: 'received', page: 1, pageSize: 200 };

/** The dak, receipt and search routes of the API (moving receipts: movementApi; the desk's lists: inboxApi). */
export const dakApi = {
  uploadScans: (files: File[], onProgress?: (loaded: number, total: number) => void, receiptId?: string) => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    return api.upload('/api/receipts/scans', form, { query: { receiptId }, onProgress });
  },
  receipt: (id: string, signal?: AbortSignal) => ok(api.GET('/api/receipts/{id}', { ...at(id), signal })),
  suggestions: (id: string, signal?: AbortSignal) => ok(api.GET('/api/receipts/{id}/suggestions', { ...at(id), signal })),
  diarise: (id: string, body: DiariseInput) => ok(api.POST('/api/receipts/{id}/diarise', { ...at(id), body })),
  register: (body: RegisterInput) => ok(api.POST('/api/receipts', { body })),
  /** The drafts with what tells them apart: file name, first-page thumbnail, first OCR line. */
  drafts: (signal?: AbortSignal) => ok(api.GET('/api/dak/drafts', { signal })),
  search: (query: SearchQuery, signal?: AbortSignal) => ok(api.GET('/api/search', { params: { query }, signal })),
  queue: (signal?: AbortSignal) => ok(api.GET('/api/dak/queue', { signal })),
  posts: (q: string, signal?: AbortSignal) =>
    ok(api.GET('/api/org/posts', { params: { query: { q: q || undefined, pageSize: 50 } }, signal })),
};

/** Where a receipt's cover sheet is served as a PDF to print, in `lang`. */
export const coverSheetPrintUrl = (id: string, lang: Locale) => `/api/receipts/${encodeURIComponent(id)}/print/cover-sheet?lang=${lang}`;
/** Where the acknowledgement slip of a diarised receipt is served (a PDF in the letter's language, to hand to whoever brought it). */
export const acknowledgementPrintUrl = (id: string) => `/api/receipts/${encodeURIComponent(id)}/print/acknowledgement`;
