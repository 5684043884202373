import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { createHarness, fakeApi } from '../../testing/harness';

vi.mock('../../realtime/socket', () => import('../../testing/quietSocket'));

afterEach(() => vi.unstubAllGlobals());
const me = { user: { id: 'u1', username: 'sp', name: { en: 'A', hi: 'अ' }, locale: 'en' }, posts: [], actingPostId: null };
const FILE = '00000000-0000-4000-8000-0000000000f1';

describe('opening an item from a pendency list', () => {
  it('takes read-only access first, then opens the file', async () => {
    const api = fakeApi({
      'GET /api/me': { status: 200, body: me },
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      [`POST /api/pendency/items/file/${FILE}/inspect`]: { status: 200, body: { type: 'file', id: FILE, granted: true } },
    });
    const { router } = createHarness();
    await router.push(`/pendency/open/file/${FILE}`);
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe(`/files/${FILE}`);
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toContain(`POST /api/pendency/items/file/${FILE}/inspect`);
  });

  it('still opens the item (which then says what is wrong) when inspection is refused', async () => {
    fakeApi({ 'GET /api/me': { status: 200, body: me }, 'GET /api/auth/csrf': { status: 200, body: { token: 't' } } });
    const { router } = createHarness();
    await router.push(`/pendency/open/receipt/${FILE}`);
    expect(router.currentRoute.value.name).toBe('receipt');
  });

  it('opens an application as it is (no inspection)', async () => {
    const api = fakeApi({ 'GET /api/me': { status: 200, body: me }, 'GET /api/auth/csrf': { status: 200, body: { token: 't' } } });
    const { router } = createHarness();
    await router.push(`/pendency/open/appln/${FILE}`);
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe(`/applications/${FILE}`);
    expect(api.requests.some((r) => r.url.includes('/inspect'))).toBe(false);
  });
});
