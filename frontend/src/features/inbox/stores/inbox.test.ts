import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { flushPromises } from '@vue/test-utils';
import { createHarness, fakeApi } from '../../../testing/harness';
import { emitHintForTest, emitReconnectForTest } from '../../../realtime/socket';
import type { InboxItem } from '../../../api/types';
import { useInboxListQuery } from '../queries';
import { defaultFilters, inboxQuery } from './query';

afterEach(() => vi.unstubAllGlobals());

const item = (id: string, subject: string): InboxItem => ({
  type: 'receipt',
  id,
  version: 1,
  status: 'diarised',
  number: `PBT/SP/2026/00000${id}`,
  subject,
  sender: 'SHO Kotwali',
  category: null,
  officeId: 'o1',
  pageCount: 1,
  priority: 'normal',
  grading: 'normal',
  dueDate: null,
  overdue: false,
  overdueWorkingDays: 0,
  since: '2026-04-01T10:00:00.000Z',
  createdAt: '2026-04-01T09:00:00.000Z',
  from: null,
  to: null,
  remarks: null,
  unread: true,
});

function showList(page = 1) {
  const scope = effectScope();
  const list = scope.run(() => useInboxListQuery(inboxQuery({ ...defaultFilters(), priority: 'immediate', page })))!;
  return { list, stop: () => scope.stop() };
}

describe('the desk list', () => {
  it('refetches the same page with the same filters on an inbox hint', async () => {
    let answer = [item('1', 'first')];
    const api = fakeApi({ 'GET /api/inbox': () => ({ status: 200, body: { items: answer, total: 60, page: 2, pageSize: 25 } }) });
    createHarness();
    const { list, stop } = showList(2);
    await flushPromises();
    expect(list.data.value?.items.map((i) => i.subject)).toEqual(['first']);
    expect(api.requests).toHaveLength(1);

    answer = [item('1', 'first'), item('2', 'new one')];
    emitHintForTest({ entity: 'inbox', ids: ['2'] });
    await flushPromises();

    expect(api.requests).toHaveLength(2);
    const url = new URL(api.requests[1]!.url, 'http://x');
    expect(url.pathname).toBe('/api/inbox');
    expect(url.searchParams.get('page')).toBe('2');
    expect(url.searchParams.get('priority')).toBe('immediate');
    expect(url.searchParams.get('tab')).toBe('inbox');
    expect(url.searchParams.get('type')).toBe('all');
    expect(list.data.value?.items.map((i) => i.subject)).toEqual(['first', 'new one']);
    stop();
  });

  it('refetches for hints about a listed receipt or file, not about others; everything after a reconnect; nothing once not shown', async () => {
    const api = fakeApi({ 'GET /api/inbox': { status: 200, body: { items: [item('1', 'a')], total: 1, page: 1, pageSize: 25 } } });
    createHarness();
    const { stop } = showList();
    await flushPromises();
    expect(api.requests).toHaveLength(1);
    emitHintForTest({ entity: 'receipt', ids: ['other'] });
    await flushPromises();
    expect(api.requests).toHaveLength(1);
    emitHintForTest({ entity: 'receipt', ids: ['1'] });
    await flushPromises();
    expect(api.requests).toHaveLength(2);
    emitHintForTest({ entity: 'file', ids: ['1'] });
    await flushPromises();
    expect(api.requests).toHaveLength(3);
    emitReconnectForTest();
    await flushPromises();
    expect(api.requests).toHaveLength(4);

    stop();
    emitHintForTest({ entity: 'inbox', ids: ['1'] });
    await flushPromises();
    expect(api.requests).toHaveLength(4);
  });
});
