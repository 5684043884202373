import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { applyLocale } from '../../../i18n';
import { createHarness, fakeApi } from '../../../testing/harness';
import { ID, sampleSummary } from '../testFixtures';
import PendencyDashboardView from './PendencyDashboardView.vue';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const me = {
  user: { id: 'u1', username: 'sp', name: { en: 'Anita Singh', hi: 'अनीता सिंह' }, locale: 'en' },
  posts: [],
  actingPostId: null,
};

beforeEach(() => applyLocale('en'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function mountAt(path: string) {
  const api = fakeApi({ 'GET /api/me': { status: 200, body: me }, 'GET /api/pendency/summary': { status: 200, body: sampleSummary() } });
  const h = createHarness();
  await h.router.push(path);
  const w = mount(PendencyDashboardView, {
    global: { plugins: h.plugins, stubs: { BucketChart: true, TrendChart: true } },
    attachTo: document.body,
  });
  await flushPromises();
  return { w, api, router: h.router };
}
const text = (w: ReturnType<typeof mount>, testid: string) => w.get(`[data-testid="${testid}"]`).text();

describe('PendencyDashboardView', () => {
  it('asks for the filters in the address and shows the totals and each office’s counts, linking counts to their drill-down', async () => {
    const { w, api } = await mountAt('/pendency?type=file&register=rti');
    const q = new URL(api.requests.find((r) => r.url.startsWith('/api/pendency/summary'))!.url, 'http://x').searchParams;
    expect(Object.fromEntries(q)).toEqual({ type: 'file', register: 'rti', weeks: '12' });

    expect(text(w, 'pendency-scope')).toContain('SP Office and every office under it');
    expect(text(w, 'pendency-total-pending')).toBe('8');
    expect(text(w, 'pendency-total-overdue')).toBe('3');
    expect(text(w, `pendency-office-overdue-${ID.kotwali}`)).toBe('2');
    expect(text(w, `pendency-office-pending-${ID.circle}`)).toBe('0');
    expect(text(w, `pendency-office-with-children-${ID.circle}`)).toBe('With the offices under it: 6 pending, 2 overdue');

    // the overdue count links to the list of those items, keeping type and register
    const link = w.get(`[data-testid="pendency-office-overdue-${ID.kotwali}"]`).element.closest('a')!;
    const href = new URL(link.getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe('/pendency/items');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      officeId: ID.kotwali,
      type: 'file',
      register: 'rti',
      overdue: 'true',
      sort: 'due',
    });
    // a zero is not a link; "due soon" has no list to go to
    expect(w.get(`[data-testid="pendency-office-pending-${ID.circle}"]`).element.closest('a')).toBeNull();
    expect(w.get('[data-testid="pendency-total-due-soon"]').element.closest('a')).toBeNull();

    // exports carry the same filters
    const csv = new URL(w.get('[data-testid="pendency-export-csv"]').attributes('href')!, 'http://x');
    expect(csv.pathname).toBe('/api/pendency/summary/export');
    expect(Object.fromEntries(csv.searchParams)).toEqual({ type: 'file', register: 'rti', weeks: '12', format: 'csv' });
  });

  it('expands an office to its posts, and switches the buckets between time with holder and total age', async () => {
    const { w, router } = await mountAt('/pendency');
    expect(w.find(`[data-testid="pendency-row-post-${ID.shoPost}"]`).exists()).toBe(false);
    const expand = w.get(`[data-testid="pendency-expand-${ID.kotwali}"]`);
    expect(expand.attributes('aria-expanded')).toBe('false');
    await expand.trigger('click');
    expect(w.get(`[data-testid="pendency-expand-${ID.kotwali}"]`).attributes('aria-expanded')).toBe('true');
    expect(text(w, `pendency-post-upTo7-${ID.shoPost}`)).toBe('3');
    expect(text(w, `pendency-post-over30-${ID.shoPost}`)).toBe('2');

    await router.replace('/pendency?basis=age');
    await flushPromises();
    expect(text(w, `pendency-post-upTo7-${ID.shoPost}`)).toBe('0');
    expect(text(w, `pendency-post-upTo15-${ID.shoPost}`)).toBe('5');
    const link = w.get(`[data-testid="pendency-post-upTo15-${ID.shoPost}"]`).element.closest('a')!;
    expect(Object.fromEntries(new URL(link.getAttribute('href')!, 'http://x').searchParams)).toEqual({
      officeId: ID.kotwali,
      postId: ID.shoPost,
      basis: 'age',
      bucket: '8-15',
      sort: 'age',
    });
  });
});
