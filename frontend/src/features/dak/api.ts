import { api } from '../../api/client';
import type {
  DakQueue,
  Diarised,
  DiariseInput,
  InboxPage,
  InboxQuery,
  Page,
  Post,
  Receipt,
  RegisterInput,
  ScanResult,
  SearchPage,
  SearchQuery,
  SendInput,
  Suggestions,
} from '../../api/types';

const rid = (id: string) => `/receipts/${encodeURIComponent(id)}`;

/** The dak, receipt, inbox and search routes of the API. */
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
  send: (id: string, input: SendInput) => api.post<Receipt>(`${rid(id)}/send`, input),
  pullBack: (id: string, version: number) => api.post<Receipt>(`${rid(id)}/pull-back`, { version }),
  inbox: (q: InboxQuery) => api.get<InboxPage>('/inbox', { query: { ...q } }),
  search: (q: SearchQuery) => api.get<SearchPage>('/search', { query: { ...q } }),
  queue: () => api.get<DakQueue>('/dak/queue'),
  posts: (q: string) => api.get<Page<Post>>('/org/posts', { query: { q: q || undefined, pageSize: 50 } }),
};
