// The RTS dashboard's filters as the page address keeps them (a filtered view is a link to bookmark or
// send), and the API queries made from them.
import type { LocationQuery, RouteLocationRaw } from 'vue-router';
import { oneOf, pageSizeOf, positive, reader, uuid } from '../../composables/routeQuery';
import { DRILL_KINDS, type DrillKind, type RtsApplicationsQuery, type RtsDashboardQuery, type RtsFeedbackQuery } from './types';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = (v: string | undefined): string | null => (v && MONTH.test(v) ? v : null);
const code = (v: string | undefined): string | null => (v && /^[A-Z][A-Z0-9-]{1,19}$/.test(v) ? v : null);

export interface RtsFilters {
  /** First and last month (YYYY-MM); null: the server's default, the last 12 months. */
  from: string | null;
  to: string | null;
  officeId: string | null;
  serviceCode: string | null;
}
export interface DrillFilters extends RtsFilters {
  kind: DrillKind;
  atOfficeId: string | null;
  postId: string | null;
  page: number;
  pageSize: number;
}
export type FeedbackFilters = Omit<DrillFilters, 'kind'>;

export const defaultFilters = (): RtsFilters => ({ from: null, to: null, officeId: null, serviceCode: null });
export const defaultDrill = (): DrillFilters => ({
  ...defaultFilters(),
  kind: 'received',
  atOfficeId: null,
  postId: null,
  page: 1,
  pageSize: 25,
});
export const defaultFeedback = (): FeedbackFilters => ({ ...defaultFilters(), atOfficeId: null, postId: null, page: 1, pageSize: 25 });

export function filtersFromRoute(q: LocationQuery): RtsFilters {
  const r = reader(q);
  return { from: month(r('from')), to: month(r('to')), officeId: uuid(r('officeId')), serviceCode: code(r('serviceCode')) };
}
export function drillFromRoute(q: LocationQuery): DrillFilters {
  const r = reader(q);
  return {
    ...filtersFromRoute(q),
    kind: oneOf(DRILL_KINDS, r('kind')) ?? 'received',
    atOfficeId: uuid(r('atOfficeId')),
    postId: uuid(r('postId')),
    page: positive(r('page'), 1),
    pageSize: pageSizeOf(r('pageSize'), 25),
  };
}
export function feedbackFromRoute(q: LocationQuery): FeedbackFilters {
  const { kind: _kind, ...rest } = drillFromRoute(q);
  return rest;
}

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as never;
export const dashboardQuery = (f: RtsFilters): RtsDashboardQuery =>
  defined({ from: f.from, to: f.to, officeId: f.officeId, serviceCode: f.serviceCode });
export const drillQuery = (f: DrillFilters): RtsApplicationsQuery =>
  defined({ ...dashboardQuery(f), kind: f.kind, atOfficeId: f.atOfficeId, postId: f.postId, page: f.page, pageSize: f.pageSize });
export const feedbackQuery = (f: FeedbackFilters): RtsFeedbackQuery =>
  defined({ ...dashboardQuery(f), atOfficeId: f.atOfficeId, postId: f.postId, page: f.page, pageSize: f.pageSize });

/** The drill-down of a figure, with the dashboard's period and filters (and the period the dashboard actually showed). */
export function drillTo(
  f: RtsFilters,
  period: { from: string; to: string } | undefined,
  kind: DrillKind,
  narrow: { atOfficeId?: string; postId?: string; serviceCode?: string } = {},
): RouteLocationRaw {
  const query: Record<string, string> = { kind };
  const from = f.from ?? period?.from;
  const to = f.to ?? period?.to;
  if (from) query.from = from;
  if (to) query.to = to;
  if (f.officeId) query.officeId = f.officeId;
  const service = narrow.serviceCode ?? f.serviceCode;
  if (service) query.serviceCode = service;
  if (narrow.atOfficeId) query.atOfficeId = narrow.atOfficeId;
  if (narrow.postId) query.postId = narrow.postId;
  return { name: 'rts-applications', query };
}
