import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { GRADINGS, INBOX_TABS, PRIORITIES, type Grading, type InboxQuery, type InboxSort, type InboxTab, type InboxType, type Priority } from '../../../api/types';

export const INBOX_TYPES: readonly InboxType[] = ['all', 'receipt', 'file'];
export const INBOX_SORTS: readonly InboxSort[] = ['received', 'priority', 'due', 'age'];
export const PAGE_SIZES = [25, 50, 100] as const;

export interface InboxFilters {
  tab: InboxTab;
  type: InboxType;
  priority: Priority | null;
  grading: Grading | null;
  officeId: string | null;
  category: string;
  unread: boolean | null;
  overdue: boolean | null;
  sort: InboxSort;
  page: number;
  pageSize: number;
}

export function defaultFilters(): InboxFilters {
  return { tab: 'inbox', type: 'all', priority: null, grading: null, officeId: null, category: '', unread: null, overdue: null, sort: 'received', page: 1, pageSize: 25 };
}

const bool = (v: boolean | null) => (v === null ? undefined : v ? 'true' : 'false');

/** The `GET /api/inbox` query for these filters: unset filters are left out, flags become "true"/"false". */
export function inboxQuery(f: InboxFilters): InboxQuery {
  const q: InboxQuery = { tab: f.tab, type: f.type, sort: f.sort, page: f.page, pageSize: f.pageSize };
  if (f.priority) q.priority = f.priority;
  if (f.grading) q.grading = f.grading;
  if (f.officeId) q.officeId = f.officeId;
  const category = f.category.trim();
  if (category) q.category = category;
  const unread = bool(f.unread);
  if (unread) q.unread = unread;
  const overdue = bool(f.overdue);
  if (overdue) q.overdue = overdue;
  return q;
}

/** How many filters narrow the list (for the "Clear filters" button). */
export function activeFilterCount(f: InboxFilters): number {
  return [f.priority, f.grading, f.officeId, f.category.trim() || null, f.unread, f.overdue].filter((v) => v !== null).length + (f.type !== 'all' ? 1 : 0);
}

/** The filters as the page address shows them (only what differs from the defaults), so a view can be bookmarked and Back works. */
export function filtersToRoute(f: InboxFilters): LocationQueryRaw {
  const d = defaultFilters();
  const out: LocationQueryRaw = {};
  for (const key of Object.keys(d) as (keyof InboxFilters)[]) {
    const v = f[key];
    if (v === d[key] || v === null || v === '') continue;
    out[key] = String(v);
  }
  return out;
}

const one = (v: LocationQuery[string] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v) ?? undefined;
const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined => (list as readonly string[]).includes(v ?? '') ? (v as T) : undefined;
const flag = (v: string | undefined) => (v === 'true' ? true : v === 'false' ? false : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filters read back from the page address; anything unknown or malformed takes the default. */
export function filtersFromRoute(query: LocationQuery): InboxFilters {
  const f = defaultFilters();
  const s = (k: string) => one(query[k]);
  f.tab = oneOf(INBOX_TABS, s('tab')) ?? f.tab;
  f.type = oneOf(INBOX_TYPES, s('type')) ?? f.type;
  f.priority = oneOf(PRIORITIES, s('priority')) ?? null;
  f.grading = oneOf(GRADINGS, s('grading')) ?? null;
  f.sort = oneOf(INBOX_SORTS, s('sort')) ?? f.sort;
  const office = s('officeId');
  f.officeId = office && UUID.test(office) ? office : null;
  f.category = (s('category') ?? '').slice(0, 80);
  f.unread = flag(s('unread'));
  f.overdue = flag(s('overdue'));
  const page = Number(s('page'));
  f.page = Number.isInteger(page) && page > 0 ? page : 1;
  const size = Number(s('pageSize'));
  f.pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? size : f.pageSize;
  return f;
}
