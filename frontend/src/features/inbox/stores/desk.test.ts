import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { createHarness, fakeApi, signIn } from '../../../testing/harness';
import { emitHintForTest, emitReconnectForTest } from '../../../realtime/socket';
import type { Me } from '../../../api/types';
import { useDeskStore } from './desk';

afterEach(() => {
  useDeskStore().$dispose();
  vi.unstubAllGlobals();
});

const me = {
  user: { id: 'u1', username: 'reader.sp', name: { en: 'R', hi: 'र' }, locale: 'en' },
  posts: [],
  actingPostId: 'p1',
} as unknown as Me;

describe('desk store', () => {
  it('counts, and after a reconnect asks what changed since the server time it last knew', async () => {
    let counts = { inbox: 2, unread: 1, copies: 0, parked: 0, overdue: 0 };
    const api = fakeApi({
      'GET /api/inbox/counts': () => ({ status: 200, body: counts }),
      'GET /api/inbox/changes': (req) => {
        const since = new URL(req.url, 'http://x').searchParams.get('since');
        return since === '2026-04-01T10:00:00.000Z'
          ? {
              status: 200,
              body: {
                now: '2026-04-01T10:05:00.000Z',
                arrived: [
                  { type: 'receipt', id: 'r1', kind: 'send', at: 'x' },
                  { type: 'file', id: 'f1', kind: 'send', at: 'x' },
                  { type: 'file', id: 'f1', kind: 'copy', at: 'x' },
                ],
                left: [],
              },
            }
          : { status: 200, body: { now: '2026-04-01T10:00:00.000Z', arrived: [], left: [] } };
      },
    });
    createHarness();
    signIn(me);
    const desk = useDeskStore();
    await desk.start();
    expect(desk.counts?.inbox).toBe(2);
    expect(desk.missed).toBeNull();

    counts = { ...counts, inbox: 4, unread: 3 };
    emitReconnectForTest();
    await flushPromises();
    const change = api.requests.filter((r) => r.url.startsWith('/api/inbox/changes')).at(-1)!;
    expect(new URL(change.url, 'http://x').searchParams.get('since')).toBe('2026-04-01T10:00:00.000Z');
    expect(desk.missed).toEqual({ arrived: 2, left: 0, seq: 1 });
    expect(desk.counts?.unread).toBe(3);
  });

  it('refreshes the counts on an inbox hint', async () => {
    let n = 0;
    fakeApi({
      'GET /api/inbox/counts': () => ({ status: 200, body: { inbox: ++n, unread: 0, copies: 0, parked: 0, overdue: 0 } }),
      'GET /api/inbox/changes': { status: 200, body: { now: new Date().toISOString(), arrived: [], left: [] } },
    });
    createHarness();
    signIn(me);
    const desk = useDeskStore();
    await desk.start();
    emitHintForTest({ entity: 'inbox', ids: ['r9'] });
    await flushPromises();
    expect(desk.counts?.inbox).toBe(2);
  });
});
