import { api, ok, type QueryValue } from '../../api/client';
import type { RtsApplicationsQuery, RtsDashboardQuery, RtsFeedbackQuery } from './types';

/** The RTS dashboard (GET /api/rts/…): access, figures, the applications behind a figure, citizens' feedback. */
export const rtsApi = {
  access: (signal?: AbortSignal) => ok(api.GET('/api/rts/access', { signal })),
  dashboard: (query: RtsDashboardQuery, signal?: AbortSignal) => ok(api.GET('/api/rts/dashboard', { params: { query }, signal })),
  applications: (query: RtsApplicationsQuery, signal?: AbortSignal) =>
    ok(api.GET('/api/rts/dashboard/applications', { params: { query }, signal })),
  feedback: (query: RtsFeedbackQuery, signal?: AbortSignal) => ok(api.GET('/api/rts/dashboard/feedback', { params: { query }, signal })),
  /** Read-only access to an application behind a figure (audited); nothing new for a post that may already see it. */
  inspect: (id: string) => ok(api.POST('/api/rts/dashboard/applications/{id}/inspect', { params: { path: { id } } })),
};

export type RtsReport = 'dashboard' | 'dashboard/applications' | 'dashboard/feedback';

/** The download address of a report's CSV or PDF: its filters (without paging) plus the format; the server writes it in the user's language. */
export function rtsExportHref(report: RtsReport, query: Record<string, QueryValue>, format: 'csv' | 'pdf'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === 'page' || k === 'pageSize' || v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  params.set('format', format);
  return `/api/rts/${report}/export?${params.toString()}`;
}
