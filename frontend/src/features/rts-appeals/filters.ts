// The appeals list's filters as the page address keeps them, and the query they make.
import type { LocationQuery } from 'vue-router';
import { oneOf, pageSizeOf, positive, reader } from '../../composables/routeQuery';
import { APPEAL_BOXES, APPEAL_STATUSES, type AppealBox, type AppealListQuery, type AppealStatus } from './api';

export type StatusFilter = AppealStatus | 'any';
export interface AppealFilters {
  box: AppealBox;
  status: StatusFilter;
  level: 1 | 2 | 3 | null;
  page: number;
  pageSize: number;
}

export const defaultAppealFilters = (): AppealFilters => ({ box: 'held', status: 'pending', level: null, page: 1, pageSize: 25 });

export function appealFiltersFromRoute(query: LocationQuery): AppealFilters {
  const get = reader(query);
  const d = defaultAppealFilters();
  const level = Number(get('level'));
  return {
    box: oneOf(APPEAL_BOXES, get('box')) ?? d.box,
    status: oneOf<StatusFilter>([...APPEAL_STATUSES, 'any'], get('status')) ?? d.status,
    level: level === 1 || level === 2 || level === 3 ? level : null,
    page: positive(get('page'), 1),
    pageSize: pageSizeOf(get('pageSize'), d.pageSize),
  };
}

export function appealListQuery(f: AppealFilters): AppealListQuery {
  return {
    box: f.box,
    page: f.page,
    pageSize: f.pageSize,
    ...(f.status !== 'any' ? { status: f.status } : {}),
    ...(f.level ? { level: f.level } : {}),
  };
}
