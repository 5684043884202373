import { api, ok } from '../../api/client';
import type { BulkInput, InboxQuery, RemarksInput, SendInput } from '../../api/types';

/** What moves between posts: receipts and files share the movement routes. */
export type ItemType = 'receipt' | 'file';
/** The holder's own state changes; each takes `{ version, remarks? }`. */
export type StateAction = 'return' | 'park' | 'unpark' | 'close' | 'reopen';

const at = (id: string) => ({ params: { path: { id } } });

function stateChange(type: ItemType, id: string, action: StateAction, body: RemarksInput) {
  if (type === 'receipt') {
    switch (action) {
      case 'return':
        return ok(api.POST('/api/receipts/{id}/return', { ...at(id), body }));
      case 'park':
        return ok(api.POST('/api/receipts/{id}/park', { ...at(id), body }));
      case 'unpark':
        return ok(api.POST('/api/receipts/{id}/unpark', { ...at(id), body }));
      case 'close':
        return ok(api.POST('/api/receipts/{id}/close', { ...at(id), body }));
      case 'reopen':
        return ok(api.POST('/api/receipts/{id}/reopen', { ...at(id), body }));
    }
  }
  switch (action) {
    case 'return':
      return ok(api.POST('/api/files/{id}/return', { ...at(id), body }));
    case 'park':
      return ok(api.POST('/api/files/{id}/park', { ...at(id), body }));
    case 'unpark':
      return ok(api.POST('/api/files/{id}/unpark', { ...at(id), body }));
    case 'close':
      return ok(api.POST('/api/files/{id}/close', { ...at(id), body }));
    case 'reopen':
      return ok(api.POST('/api/files/{id}/reopen', { ...at(id), body }));
  }
}

/**
 * Send, pull back, return, park/unpark, close/reopen — the same for receipts and files. Each answers
 * with what changed (`Moved`: version, status, holder), not the whole item: the view refetches it.
 */
export const movementApi = {
  send: (type: ItemType, id: string, body: SendInput) =>
    type === 'receipt' ? ok(api.POST('/api/receipts/{id}/send', { ...at(id), body })) : ok(api.POST('/api/files/{id}/send', { ...at(id), body })),
  pullBack: (type: ItemType, id: string, version: number) =>
    type === 'receipt'
      ? ok(api.POST('/api/receipts/{id}/pull-back', { ...at(id), body: { version } }))
      : ok(api.POST('/api/files/{id}/pull-back', { ...at(id), body: { version } })),
  change: stateChange,
  /** One action on many items: each done (or not) on its own, answered per item. */
  bulk: (body: BulkInput) => ok(api.POST('/api/items/bulk', { body })),
};

/** The acting post's desk: lists by tab, counts, and what changed while the browser was away. */
export const inboxApi = {
  list: (query: InboxQuery, signal?: AbortSignal) => ok(api.GET('/api/inbox', { params: { query }, signal })),
  counts: (signal?: AbortSignal) => ok(api.GET('/api/inbox/counts', { signal })),
  changes: (since: string) => ok(api.GET('/api/inbox/changes', { params: { query: { since } } })),
};
