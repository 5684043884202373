import { api, ok, type QueryValue } from '../../api/client';
import type { DisposalQuery, ActedItemType as ItemType, ItemsQuery, MineQuery, Register, RegisterQuery, SummaryQuery } from './types';

type Q = Record<string, QueryValue>;

/** The reports of the pendency dashboard (GET /api/pendency/…), an item's inspection, and the post's notifications. */
export const pendencyApi = {
  summary: (query: SummaryQuery, signal?: AbortSignal) => ok(api.GET('/api/pendency/summary', { params: { query }, signal })),
  items: (query: ItemsQuery, signal?: AbortSignal) => ok(api.GET('/api/pendency/items', { params: { query }, signal })),
  mine: (query: MineQuery, signal?: AbortSignal) => ok(api.GET('/api/pendency/mine-with-others', { params: { query }, signal })),
  disposal: (query: DisposalQuery, signal?: AbortSignal) => ok(api.GET('/api/pendency/disposal', { params: { query }, signal })),
  register: (register: Register, query: RegisterQuery, signal?: AbortSignal) =>
    ok(api.GET('/api/pendency/registers/{register}', { params: { path: { register }, query }, signal })),
  /** Read-only access for a supervising post to an ungraded item of its scope (audited); nothing for one already on the access list. */
  inspect: (type: ItemType, id: string) => ok(api.POST('/api/pendency/items/{type}/{id}/inspect', { params: { path: { type, id } } })),
  /** An item's pendency: due date and its source, reasons, alerts, and what the viewer may do (`abilities`). */
  item: (type: ItemType, id: string, signal?: AbortSignal) =>
    ok(api.GET('/api/pendency/items/{type}/{id}', { params: { path: { type, id } }, signal })),
  recordReason: (type: ItemType, id: string, body: { reason: string; expectedBy: string }) =>
    ok(api.POST('/api/pendency/items/{type}/{id}/delay-reason', { params: { path: { type, id } }, body })),
  setRegister: (type: ItemType, id: string, body: { register: Register | null; reference: string | null }) =>
    ok(api.PUT('/api/pendency/items/{type}/{id}/register', { params: { path: { type, id } }, body })),
  /** A supervising post reminds the holder (once per item a day). */
  remind: (type: ItemType, id: string) => ok(api.POST('/api/pendency/items/{type}/{id}/remind', { params: { path: { type, id } } })),
};

export const notificationsApi = {
  list: (query: { unread?: 'true' | 'false'; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    ok(api.GET('/api/notifications', { params: { query }, signal })),
  read: (id: string) => ok(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
  readAll: () => ok(api.POST('/api/notifications/read-all')),
};

export type ExportFormat = 'csv' | 'pdf';
export type ExportReport = 'summary' | 'items' | 'mine-with-others' | 'disposal' | `registers/${Register}`;

/**
 * The download address of a report's export: the report's own filters (without paging) plus the
 * format. A plain link carries the session cookie; the server writes it in the user's language.
 */
export function exportHref(report: ExportReport, query: Q, format: ExportFormat): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === 'page' || k === 'pageSize' || v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  params.set('format', format);
  return `/api/pendency/${report}/export?${params.toString()}`;
}
