import { api } from '../../api/client';
import type {
  CorrespondenceFlag,
  CreateDraftInput,
  Draft,
  DraftDiff,
  EFile,
  FileHead,
  FileHistory,
  FileListPage,
  FileListQuery,
  ItemList,
  OpenFileInput,
  ReviseDraftInput,
} from '../../api/types';

const fid = (id: string) => `/files/${encodeURIComponent(id)}`;
const did = (fileId: string, draftId: string) => `${fid(fileId)}/drafts/${encodeURIComponent(draftId)}`;

/** The eFile routes: heads, files, notes, correspondence, links, drafts and history. */
export const filesApi = {
  heads: (officeId?: string) => api.get<ItemList<FileHead>>('/file-heads', { query: { officeId } }),
  list: (q: FileListQuery) => api.get<FileListPage>('/files', { query: { ...q } }),
  open: (input: OpenFileInput) => api.post<EFile>('/files', input),
  get: (id: string) => api.get<EFile>(fid(id)),
  createPart: (id: string, kind: 'part' | 'volume', subject?: string) => api.post<EFile>(`${fid(id)}/parts`, { kind, subject }),
  addNote: (id: string, version: number, body: string) => api.post<EFile>(`${fid(id)}/notes`, { version, body }),
  editNote: (id: string, noteId: string, version: number, body: string) =>
    api.patch<EFile>(`${fid(id)}/notes/${encodeURIComponent(noteId)}`, { version, body }),
  deleteNote: (id: string, noteId: string, version: number) =>
    api.delete<EFile>(`${fid(id)}/notes/${encodeURIComponent(noteId)}`, { query: { version } }),
  addCorrespondence: (id: string, version: number, receiptId: string, receiptVersion: number) =>
    api.post<EFile>(`${fid(id)}/correspondence`, { version, receiptId, receiptVersion }),
  flag: (id: string, corrId: string, version: number, flag: CorrespondenceFlag | null) =>
    api.patch<EFile>(`${fid(id)}/correspondence/${encodeURIComponent(corrId)}`, { version, flag }),
  link: (id: string, version: number, fileId: string) => api.post<EFile>(`${fid(id)}/links`, { version, fileId }),
  unlink: (id: string, otherId: string, version: number) =>
    api.delete<EFile>(`${fid(id)}/links/${encodeURIComponent(otherId)}`, { query: { version } }),
  createDraft: (id: string, input: CreateDraftInput) => api.post<Draft>(`${fid(id)}/drafts`, input),
  draft: (fileId: string, draftId: string) => api.get<Draft>(did(fileId, draftId)),
  reviseDraft: (fileId: string, draftId: string, input: ReviseDraftInput) => api.post<Draft>(`${did(fileId, draftId)}/versions`, input),
  commentDraft: (fileId: string, draftId: string, text: string) => api.post<Draft>(`${did(fileId, draftId)}/comments`, { text }),
  approveDraft: (fileId: string, draftId: string, version: number) => api.post<Draft>(`${did(fileId, draftId)}/approve`, { version }),
  diff: (fileId: string, draftId: string, from: number, to: number) => api.get<DraftDiff>(`${did(fileId, draftId)}/diff`, { query: { from, to } }),
  history: (id: string) => api.get<FileHistory>(`${fid(id)}/history`),
};
