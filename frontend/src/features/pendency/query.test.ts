import { describe, expect, it } from 'vitest';
import {
  dashboardFromRoute,
  dashboardOf,
  dashboardToRoute,
  defaultDashboard,
  defaultItems,
  disposalFromRoute,
  disposalQuery,
  drillFilters,
  drillRoute,
  itemsFromRoute,
  itemsQuery,
  itemsToRoute,
  summaryQuery,
} from './query';
import { exportHref } from './api';
import { ID } from './testFixtures';

describe('dashboard filters ↔ address', () => {
  it('writes only what differs from the defaults and reads it back', () => {
    expect(dashboardToRoute(defaultDashboard())).toEqual({});
    const f = { type: 'file' as const, register: 'rti' as const, officeId: ID.kotwali, basis: 'age' as const };
    const q = dashboardToRoute(f);
    expect(q).toEqual({ type: 'file', register: 'rti', officeId: ID.kotwali, basis: 'age' });
    expect(dashboardFromRoute(q as Record<string, string>)).toEqual(f);
  });

  it('drops unknown or malformed values', () => {
    expect(dashboardFromRoute({ type: 'letter', register: 'tax', officeId: 'kotwali', basis: ['age', 'dwell'] })).toEqual({
      ...defaultDashboard(),
      basis: 'age',
    });
  });

  it('asks the summary for the server-side filters only', () => {
    expect(summaryQuery(defaultDashboard())).toEqual({ type: 'all', weeks: 12 });
    expect(summaryQuery({ type: 'receipt', register: 'court', officeId: ID.sp, basis: 'age' })).toEqual({
      type: 'receipt',
      register: 'court',
      officeId: ID.sp,
      weeks: 12,
    });
  });
});

describe('drill-down filters', () => {
  it('a count of the dashboard becomes a linkable list, carrying type, register and basis', () => {
    const d = { type: 'file' as const, register: 'vip' as const, officeId: null, basis: 'age' as const };
    const overdue = drillFilters(d, { officeId: ID.kotwali, overdue: true });
    expect(itemsToRoute(overdue)).toEqual({
      officeId: ID.kotwali,
      type: 'file',
      register: 'vip',
      basis: 'age',
      overdue: 'true',
      sort: 'due',
    });
    expect(drillRoute(d, { officeId: ID.kotwali, sectionId: 'none', bucket: '8-15' })).toEqual({
      name: 'pendency-items',
      query: { officeId: ID.kotwali, sectionId: 'none', type: 'file', register: 'vip', basis: 'age', bucket: '8-15', sort: 'age' },
    });
    // "without reason" is a kind of overdue
    expect(itemsQuery(drillFilters(defaultDashboard(), { postId: ID.shoPost, noReason: true }))).toEqual({
      type: 'all',
      sort: 'due',
      page: 1,
      pageSize: 25,
      postId: ID.shoPost,
      overdue: 'true',
      noReason: 'true',
    });
    // and back to the dashboard it came from
    expect(dashboardOf(overdue)).toEqual({ type: 'file', register: 'vip', officeId: null, basis: 'age' });
  });

  it('round-trips through the address', () => {
    const f = {
      ...defaultItems(),
      officeId: ID.kotwali,
      sectionId: ID.section,
      bucket: '31+' as const,
      basis: 'age' as const,
      overdue: false,
      parked: true,
      hidden: false,
      sort: 'age' as const,
      page: 3,
      pageSize: 50,
    };
    const q = itemsToRoute(f);
    expect(q).toMatchObject({ bucket: '31+', hidden: 'false', overdue: 'false', parked: 'true', page: '3', pageSize: '50' });
    expect(itemsFromRoute(q as Record<string, string>)).toEqual(f);
  });

  it('sends the API only meaningful parameters: basis with a bucket, flags as strings, hidden rows left out only when asked', () => {
    expect(itemsQuery(defaultItems())).toEqual({ type: 'all', sort: 'dwell', page: 1, pageSize: 25 });
    expect(itemsQuery({ ...defaultItems(), basis: 'age' })).not.toHaveProperty('basis');
    expect(itemsQuery({ ...defaultItems(), bucket: '0-7', basis: 'age', hidden: false, parked: false })).toEqual({
      type: 'all',
      sort: 'dwell',
      page: 1,
      pageSize: 25,
      bucket: '0-7',
      basis: 'age',
      hidden: 'false',
      parked: 'false',
    });
  });

  it('ignores what the address cannot mean', () => {
    expect(
      itemsFromRoute({
        sectionId: 'none',
        postId: 'x',
        bucket: '9-99',
        overdue: 'maybe',
        noReason: 'false',
        page: '0',
        pageSize: '7',
        sort: 'name',
      }),
    ).toEqual(defaultItems());
    // "none" needs an office
    expect(itemsFromRoute({ officeId: ID.sp, sectionId: 'none' }).sectionId).toBe('none');
  });
});

describe('other reports', () => {
  it('disposal keeps valid dates only', () => {
    const f = disposalFromRoute({ from: '2026-10-01', to: '2026-13-45', officeId: ID.sp, type: 'receipt' });
    expect(f).toEqual({ from: '2026-10-01', to: null, officeId: ID.sp, type: 'receipt' });
    expect(disposalQuery(f)).toEqual({ type: 'receipt', from: '2026-10-01', officeId: ID.sp });
  });
});

describe('export links', () => {
  it('carry the report filters and the format, never the paging', () => {
    const href = exportHref('items', { ...itemsQuery({ ...defaultItems(), officeId: ID.kotwali, overdue: true, page: 4 }) }, 'pdf');
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/api/pendency/items/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      type: 'all',
      sort: 'dwell',
      officeId: ID.kotwali,
      overdue: 'true',
      format: 'pdf',
    });
    expect(exportHref('registers/rti', { status: 'pending', officeId: null }, 'csv')).toBe(
      '/api/pendency/registers/rti/export?status=pending&format=csv',
    );
  });
});
