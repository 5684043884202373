import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { createHarness, fakeApi } from '../../../testing/harness';
import { emitHintForTest } from '../../../realtime/socket';
import type { InboxItem } from '../../../api/types';
import { useInboxStore } from './inbox';

afterEach(() => {
  useInboxStore().$dispose();
  vi.unstubAllGlobals();
});

const item = (id: string, subject: string): InboxItem => ({
  type: 'receipt',
  id,
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
  since: '2026-04-01T10:00:00.000Z',
  createdAt: '2026-04-01T09:00:00.000Z',
  from: null,
  to: null,
  remarks: null,
  unread: true,
});

describe('inbox store', () => {
  it('refetches the same page with the same filters on an inbox hint', async () => {
    let answer = [item('1', 'first')];
    const api = fakeApi({ 'GET /api/inbox': () => ({ status: 200, body: { items: answer, total: 60, page: 2, pageSize: 25 } }) });
    createHarness();
    const store = useInboxStore();
    store.filters.priority = 'immediate';
    await store.setFilter('page', 2);
    expect(store.items.map((i) => i.subject)).toEqual(['first']);
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
    expect(store.items.map((i) => i.subject)).toEqual(['first', 'new one']);
  });

  it('ignores hints until something was loaded, and unrelated receipt hints', async () => {
    const api = fakeApi({ 'GET /api/inbox': { status: 200, body: { items: [item('1', 'a')], total: 1, page: 1, pageSize: 25 } } });
    createHarness();
    const store = useInboxStore();
    emitHintForTest({ entity: 'inbox', ids: ['1'] });
    await flushPromises();
    expect(api.requests).toHaveLength(0);

    await store.fetch();
    emitHintForTest({ entity: 'receipt', ids: ['other'] });
    await flushPromises();
    expect(api.requests).toHaveLength(1);
    emitHintForTest({ entity: 'receipt', ids: ['1'] });
    await flushPromises();
    expect(api.requests).toHaveLength(2);
    emitHintForTest({ entity: 'file', ids: ['1'] });
    await flushPromises();
    expect(api.requests).toHaveLength(3);
  });

  it('takes filters from the address at once, and fetches only when they changed', async () => {
    const api = fakeApi({ 'GET /api/inbox': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 25 } } });
    createHarness();
    const store = useInboxStore();
    const next = { ...store.filters, tab: 'parked' as const, type: 'file' as const };
    await store.applyFilters(next);
    await store.applyFilters({ ...next });
    expect(api.requests).toHaveLength(1);
    await store.applyFilters({ ...next }, true);
    expect(api.requests).toHaveLength(2);
    expect(new URL(api.requests[0]!.url, 'http://x').searchParams.get('tab')).toBe('parked');
    store.filters.overdue = true;
    await store.clearFilters();
    expect(store.filters.tab).toBe('parked');
    expect(store.filters.overdue).toBeNull();
    expect(store.filters.type).toBe('all');
  });
});
