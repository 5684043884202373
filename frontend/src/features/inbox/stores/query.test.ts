import { describe, expect, it } from 'vitest';
import { activeFilterCount, defaultFilters, filtersFromRoute, filtersToRoute, inboxQuery } from './query';

const OFFICE = '0b7e2c1a-4a1f-4c7e-9a51-2f7f1a3b9c10';

describe('inbox query', () => {
  it('sends only the filters that are set, flags as "true"/"false"', () => {
    expect(inboxQuery(defaultFilters())).toEqual({ tab: 'inbox', type: 'all', sort: 'received', page: 1, pageSize: 25 });
    const f = {
      ...defaultFilters(),
      tab: 'parked' as const,
      type: 'file' as const,
      priority: 'immediate' as const,
      grading: 'secret' as const,
      officeId: OFFICE,
      category: '  Crime ',
      unread: false,
      overdue: true,
      sort: 'due' as const,
      page: 3,
    };
    expect(inboxQuery(f)).toEqual({
      tab: 'parked',
      type: 'file',
      sort: 'due',
      page: 3,
      pageSize: 25,
      priority: 'immediate',
      grading: 'secret',
      officeId: OFFICE,
      category: 'Crime',
      unread: 'false',
      overdue: 'true',
    });
    expect(inboxQuery({ ...defaultFilters(), category: '   ' })).not.toHaveProperty('category');
  });

  it('counts the filters that narrow the list', () => {
    expect(activeFilterCount(defaultFilters())).toBe(0);
    expect(activeFilterCount({ ...defaultFilters(), type: 'receipt', unread: false, category: 'x' })).toBe(3);
  });

  it('puts non-default filters in the address and reads them back', () => {
    const f = {
      ...defaultFilters(),
      tab: 'copies' as const,
      type: 'receipt' as const,
      overdue: true,
      officeId: OFFICE,
      page: 2,
      pageSize: 50,
    };
    const q = filtersToRoute(f);
    expect(q).toEqual({ tab: 'copies', type: 'receipt', overdue: 'true', officeId: OFFICE, page: '2', pageSize: '50' });
    expect(filtersFromRoute(q as Record<string, string>)).toEqual(f);
    expect(filtersToRoute(defaultFilters())).toEqual({});
  });

  it('lists applications on their own (the authority’s queue)', () => {
    expect(filtersFromRoute({ type: 'appln' }).type).toBe('appln');
    expect(inboxQuery({ ...defaultFilters(), type: 'appln' }).type).toBe('appln');
  });

  it('ignores unknown or malformed values in the address', () => {
    expect(
      filtersFromRoute({
        tab: 'trash',
        type: 'x',
        priority: 'urgent',
        officeId: 'not-a-uuid',
        page: '-2',
        pageSize: '7',
        unread: 'maybe',
        sort: ['due', 'age'],
      }),
    ).toEqual({
      ...defaultFilters(),
      sort: 'due',
    });
  });
});
