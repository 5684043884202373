import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import {
  apiFlag,
  flag,
  isoDate,
  one as readOne,
  oneOf,
  pageSizeOf,
  positive,
  toRoute,
  uuid,
  type RouteQueryValue,
} from '../../composables/routeQuery';
import { PRIORITIES, type Priority } from '../../api/types';
import {
  BASES,
  BUCKETS,
  ITEM_SORTS,
  PENDENCY_TYPES,
  REGISTERS,
  type Basis,
  type Bucket,
  type ItemSort,
  type ItemsQuery,
  type PendencyType,
  type Register,
  type SummaryQuery,
} from './types';

// Every pendency view keeps its filters in the page address (only what differs from the defaults),
// so a drill-down is a link one can bookmark or send, and Back returns to the same view.

export { PAGE_SIZES } from '../../composables/routeQuery';
const date = isoDate;
const pageSize = pageSizeOf;
const bool = apiFlag;
const one = (v: RouteQueryValue) => readOne(v);

// ------------------------------------------------------------------ dashboard (/pendency)

export interface DashboardFilters {
  type: PendencyType;
  register: Register | null;
  officeId: string | null;
  /** Which age the bucket columns and the bucket chart show: time with the holder, or total age. */
  basis: Basis;
}

export const defaultDashboard = (): DashboardFilters => ({ type: 'all', register: null, officeId: null, basis: 'dwell' });

export function dashboardFromRoute(query: LocationQuery): DashboardFilters {
  const s = (k: string) => one(query[k]);
  return {
    type: oneOf(PENDENCY_TYPES, s('type')) ?? 'all',
    register: oneOf(REGISTERS, s('register')) ?? null,
    officeId: uuid(s('officeId')),
    basis: oneOf(BASES, s('basis')) ?? 'dwell',
  };
}

export const dashboardToRoute = (f: DashboardFilters): LocationQueryRaw => toRoute(f, defaultDashboard());

/** `GET /api/pendency/summary` for these filters (the basis is the page's, not the server's). */
export function summaryQuery(f: DashboardFilters, weeks = 12): SummaryQuery {
  const q: SummaryQuery = { type: f.type, weeks };
  if (f.register) q.register = f.register;
  if (f.officeId) q.officeId = f.officeId;
  return q;
}

// ------------------------------------------------------------------ drill-down (/pendency/items)

export interface ItemsFilters {
  officeId: string | null;
  /** A section's id, or "none" for the posts of the office outside any section. */
  sectionId: string | null;
  postId: string | null;
  type: PendencyType;
  register: Register | null;
  priority: Priority | null;
  bucket: Bucket | null;
  basis: Basis;
  overdue: boolean | null;
  noReason: boolean | null;
  parked: boolean | null;
  /** false: leave out the graded items whose details are withheld. */
  hidden: boolean;
  sort: ItemSort;
  page: number;
  pageSize: number;
}

export const defaultItems = (): ItemsFilters => ({
  officeId: null,
  sectionId: null,
  postId: null,
  type: 'all',
  register: null,
  priority: null,
  bucket: null,
  basis: 'dwell',
  overdue: null,
  noReason: null,
  parked: null,
  hidden: true,
  sort: 'dwell',
  page: 1,
  pageSize: 25,
});

export function itemsFromRoute(query: LocationQuery): ItemsFilters {
  const s = (k: string) => one(query[k]);
  const d = defaultItems();
  const officeId = uuid(s('officeId'));
  const section = s('sectionId');
  return {
    officeId,
    // "none" only means something within an office
    sectionId: section === 'none' ? (officeId ? 'none' : null) : uuid(section),
    postId: uuid(s('postId')),
    type: oneOf(PENDENCY_TYPES, s('type')) ?? d.type,
    register: oneOf(REGISTERS, s('register')) ?? null,
    priority: oneOf(PRIORITIES, s('priority')) ?? null,
    bucket: oneOf(BUCKETS, s('bucket')) ?? null,
    basis: oneOf(BASES, s('basis')) ?? d.basis,
    overdue: flag(s('overdue')),
    noReason: flag(s('noReason')) === true ? true : null,
    parked: flag(s('parked')),
    hidden: flag(s('hidden')) !== false,
    sort: oneOf(ITEM_SORTS, s('sort')) ?? d.sort,
    page: positive(s('page'), d.page),
    pageSize: pageSize(s('pageSize'), d.pageSize),
  };
}

export const itemsToRoute = (f: ItemsFilters): LocationQueryRaw => toRoute(f, defaultItems());

/** `GET /api/pendency/items` for these filters: unset filters left out, flags as "true"/"false". */
export function itemsQuery(f: ItemsFilters): ItemsQuery {
  const q: ItemsQuery = { type: f.type, sort: f.sort, page: f.page, pageSize: f.pageSize };
  if (f.officeId) q.officeId = f.officeId;
  if (f.sectionId && (f.sectionId !== 'none' || f.officeId)) q.sectionId = f.sectionId;
  if (f.postId) q.postId = f.postId;
  if (f.register) q.register = f.register;
  if (f.priority) q.priority = f.priority;
  if (f.bucket) {
    q.bucket = f.bucket;
    q.basis = f.basis;
  }
  const overdue = bool(f.overdue);
  if (overdue) q.overdue = overdue;
  if (f.noReason) q.noReason = 'true';
  const parked = bool(f.parked);
  if (parked) q.parked = parked;
  if (!f.hidden) q.hidden = 'false';
  return q;
}

/** Where a count on the dashboard leads: which part of the tree, and what the count counted. */
export interface DrillTarget {
  officeId?: string | null;
  sectionId?: string | null;
  postId?: string | null;
  bucket?: Bucket | null;
  overdue?: boolean;
  noReason?: boolean;
}

/** The drill-down filters for a count of the dashboard, carrying the dashboard's own type, register and basis. */
export function drillFilters(d: DashboardFilters, target: DrillTarget): ItemsFilters {
  return {
    ...defaultItems(),
    officeId: target.officeId ?? d.officeId ?? null,
    sectionId: target.sectionId ?? null,
    postId: target.postId ?? null,
    type: d.type,
    register: d.register,
    bucket: target.bucket ?? null,
    basis: d.basis,
    overdue: target.overdue || target.noReason ? true : null,
    noReason: target.noReason ? true : null,
    // a list of overdue items reads best by how late they are
    sort: target.overdue || target.noReason ? 'due' : d.basis === 'age' ? 'age' : 'dwell',
  };
}

/** The dashboard filters that the drill-down came from (to go back to them). */
export function dashboardOf(f: ItemsFilters): DashboardFilters {
  return { ...defaultDashboard(), type: f.type, register: f.register, basis: f.basis };
}

// ------------------------------------------------------------------ my items pending with others (/pendency/mine)

export interface MineFilters {
  type: PendencyType;
  overdue: boolean | null;
  sort: ItemSort;
  page: number;
  pageSize: number;
}
export const defaultMine = (): MineFilters => ({ type: 'all', overdue: null, sort: 'dwell', page: 1, pageSize: 25 });
export function mineFromRoute(query: LocationQuery): MineFilters {
  const s = (k: string) => one(query[k]);
  const d = defaultMine();
  return {
    type: oneOf(PENDENCY_TYPES, s('type')) ?? d.type,
    overdue: flag(s('overdue')),
    sort: oneOf(ITEM_SORTS, s('sort')) ?? d.sort,
    page: positive(s('page'), d.page),
    pageSize: pageSize(s('pageSize'), d.pageSize),
  };
}
export const mineToRoute = (f: MineFilters): LocationQueryRaw => toRoute(f, defaultMine());
export function mineQuery(f: MineFilters) {
  const overdue = bool(f.overdue);
  return { type: f.type, sort: f.sort, page: f.page, pageSize: f.pageSize, ...(overdue ? { overdue } : {}) };
}

// ------------------------------------------------------------------ disposal (/pendency/disposal)

export interface DisposalFilters {
  /** YYYY-MM-DD; null: the server's default (the 30 days up to `to`). */
  from: string | null;
  /** YYYY-MM-DD; null: today. */
  to: string | null;
  officeId: string | null;
  type: PendencyType;
}
export const defaultDisposal = (): DisposalFilters => ({ from: null, to: null, officeId: null, type: 'all' });
export function disposalFromRoute(query: LocationQuery): DisposalFilters {
  const s = (k: string) => one(query[k]);
  return { from: date(s('from')), to: date(s('to')), officeId: uuid(s('officeId')), type: oneOf(PENDENCY_TYPES, s('type')) ?? 'all' };
}
export const disposalToRoute = (f: DisposalFilters): LocationQueryRaw => toRoute(f, defaultDisposal());
export function disposalQuery(f: DisposalFilters) {
  return {
    type: f.type,
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.officeId ? { officeId: f.officeId } : {}),
  };
}

// ------------------------------------------------------------------ registers (/pendency/registers/:register)

export interface RegisterFilters {
  status: 'pending' | 'all';
  officeId: string | null;
  overdue: boolean | null;
  type: PendencyType;
  page: number;
  pageSize: number;
}
export const defaultRegister = (): RegisterFilters => ({
  status: 'pending',
  officeId: null,
  overdue: null,
  type: 'all',
  page: 1,
  pageSize: 25,
});
export function registerFromRoute(query: LocationQuery): RegisterFilters {
  const s = (k: string) => one(query[k]);
  const d = defaultRegister();
  return {
    status: s('status') === 'all' ? 'all' : 'pending',
    officeId: uuid(s('officeId')),
    overdue: flag(s('overdue')),
    type: oneOf(PENDENCY_TYPES, s('type')) ?? d.type,
    page: positive(s('page'), d.page),
    pageSize: pageSize(s('pageSize'), d.pageSize),
  };
}
export const registerToRoute = (f: RegisterFilters): LocationQueryRaw => toRoute(f, defaultRegister());
export function registerQuery(f: RegisterFilters) {
  const overdue = bool(f.overdue);
  return {
    status: f.status,
    type: f.type,
    page: f.page,
    pageSize: f.pageSize,
    ...(f.officeId ? { officeId: f.officeId } : {}),
    ...(overdue ? { overdue } : {}),
  };
}

/** The address of the drill-down for a count of the dashboard. */
export const drillRoute = (d: DashboardFilters, target: DrillTarget) => ({
  name: 'pendency-items',
  query: itemsToRoute(drillFilters(d, target)),
});
