import { describe, expect, it } from 'vitest';
import { dashboardQuery, drillFromRoute, drillQuery, drillTo, filtersFromRoute } from './query';

describe('RTS dashboard filters in the address', () => {
  it('reads months, an office and a service; anything malformed is not set', () => {
    expect(filtersFromRoute({ from: '2026-01', to: '2026-13', officeId: 'x', serviceCode: 'EPASS' })).toEqual({
      from: '2026-01',
      to: null,
      officeId: null,
      serviceCode: 'EPASS',
    });
    expect(drillFromRoute({ kind: 'beyond', page: '2', pageSize: '50' })).toMatchObject({ kind: 'beyond', page: 2, pageSize: 50 });
    expect(drillFromRoute({ kind: 'nonsense' }).kind).toBe('received');
  });

  it('asks the API only for what is set', () => {
    expect(dashboardQuery({ from: null, to: '2026-03', officeId: null, serviceCode: null })).toEqual({ to: '2026-03' });
    expect(drillQuery({ ...drillFromRoute({}), kind: 'late' })).toEqual({ kind: 'late', page: 1, pageSize: 25 });
  });

  it('a figure drills down with the period the dashboard showed and the row it was in', () => {
    const to = drillTo({ from: null, to: null, officeId: null, serviceCode: 'EPASS' }, { from: '2026-01', to: '2026-12' }, 'late', {
      atOfficeId: 'o-1',
    });
    expect(to).toEqual({
      name: 'rts-applications',
      query: { kind: 'late', from: '2026-01', to: '2026-12', serviceCode: 'EPASS', atOfficeId: 'o-1' },
    });
  });
});
