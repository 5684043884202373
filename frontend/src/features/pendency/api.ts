import { api, type QueryValue } from '../../api/client';
import type {
  DisposalQuery,
  DisposalReport,
  InspectResult,
  ItemType,
  ItemsQuery,
  MineQuery,
  NotificationsPage,
  AppNotification,
  PendencySummary,
  PendingItemsPage,
  Register,
  RegisterPage,
  RegisterQuery,
  SummaryQuery,
} from './types';

type Q = Record<string, QueryValue>;

/** The reports of the pendency dashboard (GET /api/pendency/…), an item's inspection, and the post's notifications. */
export const pendencyApi = {
  summary: (q: SummaryQuery) => api.get<PendencySummary>('/pendency/summary', { query: { ...q } }),
  items: (q: ItemsQuery) => api.get<PendingItemsPage>('/pendency/items', { query: { ...q } }),
  mine: (q: MineQuery) => api.get<PendingItemsPage>('/pendency/mine-with-others', { query: { ...q } }),
  disposal: (q: DisposalQuery) => api.get<DisposalReport>('/pendency/disposal', { query: { ...q } }),
  register: (register: Register, q: RegisterQuery) => api.get<RegisterPage>(`/pendency/registers/${register}`, { query: { ...q } }),
  /** Read-only access for a supervising post to an ungraded item of its scope (audited); nothing for one already on the access list. */
  inspect: (type: ItemType, id: string) => api.post<InspectResult>(`/pendency/items/${type}/${encodeURIComponent(id)}/inspect`),
};

export const notificationsApi = {
  list: (q: { unread?: 'true' | 'false'; page?: number; pageSize?: number }) => api.get<NotificationsPage>('/notifications', { query: { ...q } }),
  read: (id: string) => api.post<AppNotification>(`/notifications/${encodeURIComponent(id)}/read`),
  readAll: () => api.post<{ marked: number }>('/notifications/read-all'),
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
