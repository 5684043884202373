import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { flushPromises } from '@vue/test-utils';
import { createHarness } from '../../../testing/harness';
import { emitHintForTest } from '../../../realtime/socket';
import { useLiveReport } from './useLiveReport';

afterEach(() => vi.useRealTimers());

describe('useLiveReport', () => {
  it('refetches a list of one office on hints for that office only, once per burst, and stops when its view goes', async () => {
    createHarness();
    let n = 0;
    const load = vi.fn(async () => ++n);
    const scope = effectScope();
    const report = scope.run(() => useLiveReport(load, () => new Set(['kotwali'])))!;
    emitHintForTest({ entity: 'pendency', ids: ['kotwali'] }); // nothing loaded yet: nothing to refresh
    await report.fetch();
    expect(report.data.value).toBe(1);

    vi.useFakeTimers();
    emitHintForTest({ entity: 'pendency', ids: ['sungarhi'] });
    vi.advanceTimersByTime(2000);
    expect(load).toHaveBeenCalledTimes(1);
    emitHintForTest({ entity: 'pendency', ids: ['sungarhi', 'kotwali'] });
    emitHintForTest({ entity: 'pendency', ids: ['kotwali'] });
    vi.advanceTimersByTime(1000);
    vi.useRealTimers();
    await flushPromises();
    expect(load).toHaveBeenCalledTimes(2);
    expect(report.data.value).toBe(2);

    scope.stop();
    vi.useFakeTimers();
    emitHintForTest({ entity: 'pendency', ids: [] });
    vi.advanceTimersByTime(2000);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps the last answer and shows the error of a failed refetch', async () => {
    createHarness();
    const load = vi.fn().mockResolvedValueOnce('first').mockRejectedValueOnce(new Error('down'));
    const scope = effectScope();
    const report = scope.run(() => useLiveReport(load))!;
    await report.fetch();
    await report.fetch();
    expect(report.data.value).toBe('first');
    expect((report.error.value as Error).message).toBe('down');
    expect(report.loading.value).toBe(false);
    scope.stop();
  });
});
