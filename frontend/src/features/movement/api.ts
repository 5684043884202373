import { api } from '../../api/client';
import type { EFile, InboxChanges, InboxCounts, InboxPage, InboxQuery, Receipt, RemarksInput, SendInput } from '../../api/types';

/** What moves between posts: receipts and files share the movement routes. */
export type ItemType = 'receipt' | 'file';
export interface ItemOf {
  receipt: Receipt;
  file: EFile;
}
/** The holder's own state changes; each takes `{ version, remarks? }`. */
export type StateAction = 'return' | 'park' | 'unpark' | 'close' | 'reopen';

const base = (type: ItemType, id: string) => `/${type === 'receipt' ? 'receipts' : 'files'}/${encodeURIComponent(id)}`;

/** Send, pull back, return, park/unpark, close/reopen — the same for receipts and files. */
export const movementApi = {
  send: <K extends ItemType>(type: K, id: string, input: SendInput) => api.post<ItemOf[K]>(`${base(type, id)}/send`, input),
  pullBack: <K extends ItemType>(type: K, id: string, version: number) => api.post<ItemOf[K]>(`${base(type, id)}/pull-back`, { version }),
  change: <K extends ItemType>(type: K, id: string, action: StateAction, input: RemarksInput) => api.post<ItemOf[K]>(`${base(type, id)}/${action}`, input),
};

/** The acting post's desk: lists by tab, counts, and what changed while the browser was away. */
export const inboxApi = {
  list: (q: InboxQuery) => api.get<InboxPage>('/inbox', { query: { ...q } }),
  counts: () => api.get<InboxCounts>('/inbox/counts'),
  changes: (since: string) => api.get<InboxChanges>('/inbox/changes', { query: { since } }),
};
