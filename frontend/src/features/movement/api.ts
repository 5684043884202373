import { api, ok } from '../../api/client';
import type { BulkInput, InboxQuery, RemarksInput, SendInput } from '../../api/types';

/** What moves between posts: receipts, files and applications ('appln') share the movement routes. */
export type ItemType = 'receipt' | 'file' | 'appln';
/** The holder's own state changes; each takes `{ version, remarks? }`. */
export type StateAction = 'return' | 'park' | 'unpark' | 'close' | 'reopen';

/** The path segment of each kind's routes (the backend's MovableKind.plural). */
const PLURAL: Record<ItemType, string> = { receipt: 'receipts', file: 'files', appln: 'applications' };
/**
 * A kind's move route: every kind has the same moves with the same bodies and answers (the backend's
 * moveRoutes), so the files' typed path stands for all of them.
 */
const move = <A extends string>(type: ItemType, action: A) => `/api/${PLURAL[type]}/{id}/${action}` as `/api/files/{id}/${A}`;
const at = (id: string) => ({ params: { path: { id } } });

/**
 * Send, pull back, return, park/unpark, close/reopen — the same for every kind. Each answers with what
 * changed (`Moved`: version, status, holder), not the whole item: the view refetches it.
 */
export const movementApi = {
  send: (type: ItemType, id: string, body: SendInput) => ok(api.POST(move(type, 'send'), { ...at(id), body })),
  pullBack: (type: ItemType, id: string, version: number) => ok(api.POST(move(type, 'pull-back'), { ...at(id), body: { version } })),
  change: (type: ItemType, id: string, action: StateAction, body: RemarksInput) => ok(api.POST(move(type, action), { ...at(id), body })),
  /** One action on many items: each done (or not) on its own, answered per item. */
  bulk: (body: BulkInput) => ok(api.POST('/api/items/bulk', { body })),
};

/** The acting post's desk: lists by tab, counts, and what changed while the browser was away. */
export const inboxApi = {
  list: (query: InboxQuery, signal?: AbortSignal) => ok(api.GET('/api/inbox', { params: { query }, signal })),
  counts: (signal?: AbortSignal) => ok(api.GET('/api/inbox/counts', { signal })),
  changes: (since: string) => ok(api.GET('/api/inbox/changes', { params: { query: { since } } })),
};
