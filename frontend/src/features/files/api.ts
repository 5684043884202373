import { api, ok } from '../../api/client';
import type { CorrespondenceFlag, CreateDraftInput, FileListQuery, Locale, OpenFileInput, ReviseDraftInput } from '../../api/types';

const at = (id: string) => ({ params: { path: { id } } });
const draftAt = (id: string, draftId: string) => ({ params: { path: { id, draftId } } });

/** The eFile routes: heads, files, notes, correspondence, links, drafts and history. */
export const filesApi = {
  heads: (officeId?: string, signal?: AbortSignal) => ok(api.GET('/api/file-heads', { params: { query: { officeId } }, signal })),
  list: (query: FileListQuery, signal?: AbortSignal) => ok(api.GET('/api/files', { params: { query }, signal })),
  open: (body: OpenFileInput) => ok(api.POST('/api/files', { body })),
  get: (id: string, signal?: AbortSignal) => ok(api.GET('/api/files/{id}', { ...at(id), signal })),
  createPart: (id: string, kind: 'part' | 'volume', subject?: string) =>
    ok(api.POST('/api/files/{id}/parts', { ...at(id), body: { kind, subject } })),
  addNote: (id: string, version: number, body: string) => ok(api.POST('/api/files/{id}/notes', { ...at(id), body: { version, body } })),
  editNote: (id: string, noteId: string, version: number, body: string) =>
    ok(api.PATCH('/api/files/{id}/notes/{noteId}', { params: { path: { id, noteId } }, body: { version, body } })),
  deleteNote: (id: string, noteId: string, version: number) =>
    ok(api.DELETE('/api/files/{id}/notes/{noteId}', { params: { path: { id, noteId }, query: { version } } })),
  addCorrespondence: (id: string, version: number, receiptId: string, receiptVersion: number) =>
    ok(api.POST('/api/files/{id}/correspondence', { ...at(id), body: { version, receiptId, receiptVersion } })),
  flag: (id: string, corrId: string, version: number, flag: CorrespondenceFlag | null) =>
    ok(api.PATCH('/api/files/{id}/correspondence/{corrId}', { params: { path: { id, corrId } }, body: { version, flag } })),
  link: (id: string, version: number, fileId: string) => ok(api.POST('/api/files/{id}/links', { ...at(id), body: { version, fileId } })),
  unlink: (id: string, otherId: string, version: number) =>
    ok(api.DELETE('/api/files/{id}/links/{otherId}', { params: { path: { id, otherId }, query: { version } } })),
  createDraft: (id: string, body: CreateDraftInput) => ok(api.POST('/api/files/{id}/drafts', { ...at(id), body })),
  draft: (fileId: string, draftId: string, signal?: AbortSignal) =>
    ok(api.GET('/api/files/{id}/drafts/{draftId}', { ...draftAt(fileId, draftId), signal })),
  reviseDraft: (fileId: string, draftId: string, body: ReviseDraftInput) =>
    ok(api.POST('/api/files/{id}/drafts/{draftId}/versions', { ...draftAt(fileId, draftId), body })),
  commentDraft: (fileId: string, draftId: string, text: string) =>
    ok(api.POST('/api/files/{id}/drafts/{draftId}/comments', { ...draftAt(fileId, draftId), body: { text } })),
  approveDraft: (fileId: string, draftId: string, version: number) =>
    ok(api.POST('/api/files/{id}/drafts/{draftId}/approve', { ...draftAt(fileId, draftId), body: { version } })),
  diff: (fileId: string, draftId: string, from: number, to: number, signal?: AbortSignal) =>
    ok(api.GET('/api/files/{id}/drafts/{draftId}/diff', { params: { path: { id: fileId, draftId }, query: { from, to } }, signal })),
  history: (id: string, signal?: AbortSignal) => ok(api.GET('/api/files/{id}/history', { ...at(id), signal })),
};

/** Where a file's printed notesheet (its final notes, numbered, with signatures) is served as a PDF, in `lang`. */
export const notesheetPrintUrl = (id: string, lang: Locale) => `/api/files/${encodeURIComponent(id)}/print/notesheet?lang=${lang}`;
/** Where a file's cover is served as a PDF to print, in `lang`. */
export const fileCoverPrintUrl = (id: string, lang: Locale) => `/api/files/${encodeURIComponent(id)}/print/cover?lang=${lang}`;
