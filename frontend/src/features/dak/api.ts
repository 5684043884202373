import { api } from '../../api/client';
import type { DakQueue, Diarised, DiariseInput, InboxItem, Page, Post, Receipt, RegisterInput, ScanResult, SearchPage, SearchQuery, Suggestions } from '../../api/types';
import { inboxApi } from '../movement/api';

const rid = (id: string) => `/receipts/${encodeURIComponent(id)}`;

/** The dak, receipt and search routes of the API (moving receipts: movementApi; the desk's lists: inboxApi). */
export const dakApi = {
  uploadScans: (files: File[], onProgress?: (loaded: number, total: number) => void, receiptId?: string) => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    return api.upload<ScanResult>('/receipts/scans', form, { query: { receiptId }, onProgress });
  },
  receipt: (id: string) => api.get<Receipt>(rid(id)),
  suggestions: (id: string) => api.get<Suggestions>(`${rid(id)}/suggestions`),
  diarise: (id: string, input: DiariseInput) => api.post<Diarised>(`${rid(id)}/diarise`, input),
  register: (input: RegisterInput) => api.post<Diarised>('/receipts', input),
  /** Draft (not yet diarised) receipts on the acting post's desk, newest first. */
  drafts: async (): Promise<{ items: InboxItem[]; total: number }> => {
    const res = await inboxApi.list({ tab: 'inbox', type: 'receipt', status: 'draft', sort: 'received', page: 1, pageSize: 200 });
    return { items: res.items, total: res.total };
  },
  search: (q: SearchQuery) => api.get<SearchPage>('/search', { query: { ...q } }),
  queue: () => api.get<DakQueue>('/dak/queue'),
  posts: (q: string) => api.get<Page<Post>>('/org/posts', { query: { q: q || undefined, pageSize: 50 } }),
};
