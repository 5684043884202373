import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { flushPromises } from '@vue/test-utils';
import { createHarness, fakeApi } from '../../testing/harness';
import { emitHintForTest } from '../../realtime/socket';
import { useAppealListQuery, useAppealQuery, usePendingAppealsCount } from './queries';
import { APPEAL_ID, sampleAppeal } from './testFixtures';

afterEach(() => vi.unstubAllGlobals());

const OTHER = '00000000-0000-4000-8000-0000000a0002';

describe('appeals, live', () => {
  it('an `appeal` hint refetches the appeal it names, every list and the pending count; not another appeal', async () => {
    let pending = 2;
    const api = fakeApi({
      [`GET /api/rts/appeals/${APPEAL_ID}`]: () => ({ status: 200, body: sampleAppeal() }),
      'GET /api/rts/appeals': (req) => {
        const q = new URL(req.url, 'http://x').searchParams;
        return { status: 200, body: { items: [], total: q.get('pageSize') === '1' ? pending : 0, page: 1, pageSize: 25 } };
      },
    });
    createHarness();
    const scope = effectScope();
    const [, , count] = scope.run(() => [
      useAppealQuery(APPEAL_ID),
      useAppealListQuery({ box: 'designated', page: 1, pageSize: 25 }),
      usePendingAppealsCount('post-1'),
    ])!;
    await flushPromises();
    const calls = () => api.requests.map((r) => r.url.split('?')[0]);
    expect(calls().sort()).toEqual(['/api/rts/appeals', '/api/rts/appeals', `/api/rts/appeals/${APPEAL_ID}`]);
    expect(count.data.value).toBe(2);

    // another appeal was filed: the lists and the count, not this appeal
    pending = 3;
    emitHintForTest({ entity: 'appeal', ids: [OTHER] });
    await flushPromises();
    expect(calls().filter((u) => u === `/api/rts/appeals/${APPEAL_ID}`)).toHaveLength(1);
    expect(calls().filter((u) => u === '/api/rts/appeals')).toHaveLength(4);
    expect(count.data.value).toBe(3);

    emitHintForTest({ entity: 'appeal', ids: [APPEAL_ID] });
    await flushPromises();
    expect(calls().filter((u) => u === `/api/rts/appeals/${APPEAL_ID}`)).toHaveLength(2);
    // after a reconnect (no ids): everything
    emitHintForTest({ entity: 'appeal', ids: [] });
    await flushPromises();
    expect(calls().filter((u) => u === `/api/rts/appeals/${APPEAL_ID}`)).toHaveLength(3);
    expect(calls().filter((u) => u === '/api/rts/appeals')).toHaveLength(8);
    scope.stop();
  });
});
