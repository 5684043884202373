import { api } from '../../api/client';
import type { InboxChanges, InboxCounts, InboxPage, InboxQuery, Moved, RemarksInput, SendInput } from '../../api/types';

/** What moves between posts: receipts and files share the movement routes. */
export type ItemType = 'receipt' | 'file';
/** The holder's own state changes; each takes `{ version, remarks? }`. */
export type StateAction = 'return' | 'park' | 'unpark' | 'close' | 'reopen';

const base = (type: ItemType, id: string) => `/${type === 'receipt' ? 'receipts' : 'files'}/${encodeURIComponent(id)}`;

/**
 * Send, pull back, return, park/unpark, close/reopen — the same for receipts and files. Each answers
 * with what changed (`Moved`: version, status, holder), not the whole item: the view refetches it.
 */
export const movementApi = {
  send: (type: ItemType, id: string, input: SendInput) => api.post<Moved>(`${base(type, id)}/send`, input),
  pullBack: (type: ItemType, id: string, version: number) => api.post<Moved>(`${base(type, id)}/pull-back`, { version }),
  change: (type: ItemType, id: string, action: StateAction, input: RemarksInput) => api.post<Moved>(`${base(type, id)}/${action}`, input),
};

/** The acting post's desk: lists by tab, counts, and what changed while the browser was away. */
export const inboxApi = {
  list: (q: InboxQuery) => api.get<InboxPage>('/inbox', { query: { ...q } }),
  counts: () => api.get<InboxCounts>('/inbox/counts'),
  changes: (since: string) => api.get<InboxChanges>('/inbox/changes', { query: { since } }),
};
