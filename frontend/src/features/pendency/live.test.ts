import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { createHarness, fakeApi } from '../../testing/harness';
import { emitHintForTest, emitReconnectForTest } from '../../realtime/socket';
import { debounce, hintConcerns } from './live';
import { usePendencySummaryStore } from './stores/summary';
import { ID, sampleSummary } from './testFixtures';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('debounce', () => {
  it('runs once after the last call of a burst, and can be cancelled', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 1000);
    d();
    vi.advanceTimersByTime(600);
    d();
    d();
    vi.advanceTimersByTime(999);
    expect(fn).not.toHaveBeenCalled();
    expect(d.pending()).toBe(true);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    d();
    d.cancel();
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('which hints matter', () => {
  it('one naming a shown office, any after a reconnect, any for a view not tied to offices', () => {
    const shown = new Set(['a', 'b']);
    expect(hintConcerns(['c', 'b'], shown)).toBe(true);
    expect(hintConcerns(['c'], shown)).toBe(false);
    expect(hintConcerns([], shown)).toBe(true);
    expect(hintConcerns(['c'], null)).toBe(true);
  });
});

describe('the dashboard store, live', () => {
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
    const store = usePendencySummaryStore();
    await store.applyFilters({ type: 'file', register: null, officeId: null, basis: 'dwell' });
    expect(api.requests).toHaveLength(1);
    expect(new URL(api.requests[0]!.url, 'http://x').searchParams.get('type')).toBe('file');
    expect(store.summary?.offices[2]!.totals.overdue).toBe(2);

    vi.useFakeTimers();
    overdue = 1;
    emitHintForTest({ entity: 'pendency', ids: [ID.kotwali] });
    emitHintForTest({ entity: 'pendency', ids: [ID.kotwali, ID.circle] });
    emitHintForTest({ entity: 'pendency', ids: ['99999999-0000-4000-8000-000000000000'] });
    vi.advanceTimersByTime(999);
    expect(api.requests).toHaveLength(1);
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await flushPromises();
    expect(api.requests).toHaveLength(2);
    expect(new URL(api.requests[1]!.url, 'http://x').searchParams.get('type')).toBe('file'); // same filters
    expect(store.summary?.offices[2]!.totals.overdue).toBe(1);
    expect(store.liveRefreshes).toBe(1);

    // a hint only for an office outside the scope: nothing
    vi.useFakeTimers();
    emitHintForTest({ entity: 'pendency', ids: ['99999999-0000-4000-8000-000000000000'] });
    vi.advanceTimersByTime(3000);
    vi.useRealTimers();
    await flushPromises();
    expect(api.requests).toHaveLength(2);

    vi.useFakeTimers();
    emitReconnectForTest();
    vi.advanceTimersByTime(1000);
    vi.useRealTimers();
    await flushPromises();
    expect(api.requests).toHaveLength(3);
    store.$dispose();
  });

  it('keeps expanded offices across refetches, and opens a one-office scope', async () => {
    const one = sampleSummary();
    one.offices = one.offices.slice(2, 3);
    fakeApi({ 'GET /api/pendency/summary': { status: 200, body: one } });
    createHarness();
    const store = usePendencySummaryStore();
    await store.applyFilters({ type: 'all', register: null, officeId: null, basis: 'dwell' });
    expect([...store.expanded]).toEqual([ID.kotwali]);
    store.toggle(ID.kotwali);
    await store.fetch();
    expect(store.expanded.size).toBe(0);
    store.$dispose();
  });
});
