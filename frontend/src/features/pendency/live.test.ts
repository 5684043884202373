import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { flushPromises } from '@vue/test-utils';
import { createHarness, fakeApi } from '../../testing/harness';
import { emitHintForTest, emitReconnectForTest } from '../../realtime/socket';
import { useItemsQuery, useSummaryQuery } from './queries';
import { usePendencyTreeStore } from './stores/summary';
import { ID, sampleSummary } from './testFixtures';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const OUTSIDE = '99999999-0000-4000-8000-000000000000';

/** Lets a burst of hints settle for `ms` (fake time), then the refetches they caused. */
async function after(ms: number) {
  vi.advanceTimersByTime(ms);
  vi.useRealTimers();
  await flushPromises();
}

describe('the dashboard, live', () => {
  it('refetches once, a second after a burst of hints for its offices; ignores other offices; refetches after a reconnect', async () => {
    let overdue = 2;
    const api = fakeApi({
      'GET /api/pendency/summary': () => {
        const s = sampleSummary();
        s.offices[2]!.totals = { ...s.offices[2]!.totals, overdue };
        return { status: 200, body: s };
      },
    });
    createHarness();
    const scope = effectScope();
    const report = scope.run(() => useSummaryQuery({ type: 'file', weeks: 12 }))!;
    await flushPromises();
    expect(api.requests).toHaveLength(1);
    expect(new URL(api.requests[0]!.url, 'http://x').searchParams.get('type')).toBe('file');
    expect(report.data.value?.offices[2]!.totals.overdue).toBe(2);

    vi.useFakeTimers();
    overdue = 1;
    emitHintForTest({ entity: 'pendency', ids: [ID.kotwali] });
    emitHintForTest({ entity: 'pendency', ids: [ID.kotwali, ID.circle] });
    emitHintForTest({ entity: 'pendency', ids: [OUTSIDE] });
    vi.advanceTimersByTime(999);
    expect(api.requests).toHaveLength(1);
    await after(1);
    expect(api.requests).toHaveLength(2);
    expect(new URL(api.requests[1]!.url, 'http://x').searchParams.get('type')).toBe('file'); // same filters
    expect(report.data.value?.offices[2]!.totals.overdue).toBe(1);
    expect(report.refreshes.value).toBe(1);

    // a hint only for an office outside the scope: nothing
    vi.useFakeTimers();
    emitHintForTest({ entity: 'pendency', ids: [OUTSIDE] });
    await after(3000);
    expect(api.requests).toHaveLength(2);

    vi.useFakeTimers();
    emitReconnectForTest();
    await after(1000);
    expect(api.requests).toHaveLength(3);
    scope.stop();
  });

  it('a list of one office refetches for that office’s hints only; a list of the whole scope for any', async () => {
    const api = fakeApi({ 'GET /api/pendency/items': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 25 } } });
    createHarness();
    const scope = effectScope();
    scope.run(() => {
      useItemsQuery({ type: 'all', sort: 'dwell', page: 1, pageSize: 25, officeId: ID.kotwali });
      useItemsQuery({ type: 'all', sort: 'dwell', page: 1, pageSize: 25 });
    });
    await flushPromises();
    expect(api.requests).toHaveLength(2);
    const officeOf = (i: number) => new URL(api.requests[i]!.url, 'http://x').searchParams.get('officeId');

    vi.useFakeTimers();
    emitHintForTest({ entity: 'pendency', ids: [OUTSIDE] });
    await after(1000);
    expect(api.requests.slice(2).map((_, i) => officeOf(i + 2))).toEqual([null]);

    vi.useFakeTimers();
    emitHintForTest({ entity: 'pendency', ids: [ID.kotwali] });
    await after(1000);
    expect(
      api.requests
        .slice(3)
        .map((_, i) => officeOf(i + 3))
        .sort(),
    ).toEqual([ID.kotwali, null].sort());

    // its view is gone: no more refetches
    scope.stop();
    vi.useFakeTimers();
    emitHintForTest({ entity: 'pendency', ids: [] });
    await after(2000);
    expect(api.requests).toHaveLength(5);
  });
});

describe('the dashboard tree', () => {
  it('keeps expanded offices across refetches, and opens a one-office scope', () => {
    createHarness();
    const one = sampleSummary();
    one.offices = one.offices.slice(2, 3);
    const tree = usePendencyTreeStore();
    tree.seen(one);
    expect([...tree.expanded!]).toEqual([ID.kotwali]);
    tree.toggle(ID.kotwali);
    tree.seen(one);
    expect(tree.expanded!.size).toBe(0);
    tree.$dispose();
  });
});
