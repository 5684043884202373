import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { flushPromises } from '@vue/test-utils';
import { createHarness, fakeApi } from '../../testing/harness';
import { emitHintForTest } from '../../realtime/socket';
import { useApplicationQuery } from './queries';

afterEach(() => vi.unstubAllGlobals());

const ID = '00000000-0000-4000-8000-00000000a001';
const OTHER = '00000000-0000-4000-8000-00000000a002';

describe('an application, live', () => {
  it('refetches on an `appln` or `inbox` hint naming it (or naming nothing), not on one for another application', async () => {
    let stage = 'submitted';
    const api = fakeApi({ [`GET /api/applications/${ID}`]: () => ({ status: 200, body: { id: ID, version: 1, stage } }) });
    createHarness();
    const scope = effectScope();
    const query = scope.run(() => useApplicationQuery(ID))!;
    await flushPromises();
    expect(api.requests).toHaveLength(1);

    stage = 'approved';
    emitHintForTest({ entity: 'appln', ids: [OTHER] });
    await flushPromises();
    expect(api.requests).toHaveLength(1);

    emitHintForTest({ entity: 'appln', ids: [ID] });
    await flushPromises();
    expect(api.requests).toHaveLength(2);
    expect((query.data.value as { stage: string } | undefined)?.stage).toBe('approved');

    emitHintForTest({ entity: 'inbox', ids: [ID] });
    await flushPromises();
    expect(api.requests).toHaveLength(3);
    emitHintForTest({ entity: 'appln', ids: [] });
    await flushPromises();
    expect(api.requests).toHaveLength(4);
    scope.stop();
  });
});
