import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import {
  GRADINGS,
  INBOX_TABS,
  PRIORITIES,
  type Grading,
  type InboxQuery,
  type InboxSort,
  type InboxTab,
  type InboxType,
  type Priority,
} from '../../../api/types';
import { apiFlag, flag, oneOf, pageSizeOf, positive, reader, toRoute, uuid } from '../../../composables/routeQuery';

export const INBOX_TYPES: readonly InboxType[] = ['all', 'receipt', 'file', 'appln'];
export const INBOX_SORTS: readonly InboxSort[] = ['received', 'priority', 'due', 'age'];
export { PAGE_SIZES } from '../../../composables/routeQuery';

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
  return {
    tab: 'inbox',
    type: 'all',
    priority: null,
    grading: null,
    officeId: null,
    category: '',
    unread: null,
    overdue: null,
    sort: 'received',
    page: 1,
    pageSize: 25,
  };
}

/** The `GET /api/inbox` query for these filters: unset filters are left out, flags become "true"/"false". */
export function inboxQuery(f: InboxFilters): InboxQuery {
  const q: InboxQuery = { tab: f.tab, type: f.type, sort: f.sort, page: f.page, pageSize: f.pageSize };
  if (f.priority) q.priority = f.priority;
  if (f.grading) q.grading = f.grading;
  if (f.officeId) q.officeId = f.officeId;
  const category = f.category.trim();
  if (category) q.category = category;
  const unread = apiFlag(f.unread);
  if (unread) q.unread = unread;
  const overdue = apiFlag(f.overdue);
  if (overdue) q.overdue = overdue;
  return q;
}

/** How many filters narrow the list (for the "Clear filters" button). */
export function activeFilterCount(f: InboxFilters): number {
  return (
    [f.priority, f.grading, f.officeId, f.category.trim() || null, f.unread, f.overdue].filter((v) => v !== null).length +
    (f.type !== 'all' ? 1 : 0)
  );
}

/** The filters as the page address shows them (only what differs from the defaults), so a view can be bookmarked and Back works. */
export const filtersToRoute = (f: InboxFilters): LocationQueryRaw => toRoute(f, defaultFilters());

/** Filters read back from the page address; anything unknown or malformed takes the default. */
export function filtersFromRoute(query: LocationQuery): InboxFilters {
  const d = defaultFilters();
  const s = reader(query);
  return {
    tab: oneOf(INBOX_TABS, s('tab')) ?? d.tab,
    type: oneOf(INBOX_TYPES, s('type')) ?? d.type,
    priority: oneOf(PRIORITIES, s('priority')) ?? null,
    grading: oneOf(GRADINGS, s('grading')) ?? null,
    officeId: uuid(s('officeId')),
    category: (s('category') ?? '').slice(0, 80),
    unread: flag(s('unread')),
    overdue: flag(s('overdue')),
    sort: oneOf(INBOX_SORTS, s('sort')) ?? d.sort,
    page: positive(s('page'), d.page),
    pageSize: pageSizeOf(s('pageSize'), d.pageSize),
  };
}
