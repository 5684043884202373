import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import PostSwitcher from './PostSwitcher.vue';
import { createHarness, fakeApi, signIn, freshEachTest } from '../../../testing/harness';
import { useMeStore } from '../../auth/store';
import { reconnectRealtime } from '../../../realtime/socket';
import type { Me, PostSummary } from '../../../api/types';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const sho: PostSummary = {
  id: 'post-sho',
  code: 'SHO-KTW',
  designation: { en: 'SHO', hi: 'थानाध्यक्ष' },
  office: { id: 'o-ktw', code: 'PS-KTW', name: { en: 'PS Kotwali', hi: 'थाना कोतवाली' } },
  section: null,
  capabilities: ['dak', 'noting'],
  chargeType: 'regular',
};
const reader: PostSummary = {
  id: 'post-reader',
  code: 'RDR-SP',
  designation: { en: 'Reader to SP', hi: 'रीडर पुलिस अधीक्षक' },
  office: { id: 'o-sp', code: 'SP', name: { en: 'SP Office', hi: 'पुलिस अधीक्षक कार्यालय' } },
  section: { id: 's-rdr', code: 'RDR', name: { en: 'Reader', hi: 'रीडर' } },
  capabilities: ['noting', 'admin'],
  chargeType: 'additional',
};
const me: Me = {
  user: { id: 'u1', username: 'ravi', name: { en: 'Ravi Kumar', hi: 'रवि कुमार' }, locale: 'en' },
  posts: [sho, reader],
  actingPostId: 'post-sho',
};

freshEachTest();

function mountSwitcher() {
  const h = createHarness();
  signIn(structuredClone(me) as never);
  return mount(PostSwitcher, { global: { plugins: h.plugins }, attachTo: document.body });
}

describe('PostSwitcher', () => {
  it('lists the user’s posts by designation and office, the acting one selected', async () => {
    fakeApi({});
    const wrapper = mountSwitcher();
    const select = wrapper.get('[data-testid="post-switcher"]');
    expect(select.text()).toContain('SHO — PS Kotwali');

    await select.trigger('click');
    await flushPromises();
    const options = document.body.querySelectorAll('[data-testid^="post-option-"]');
    expect([...options].map((o) => o.getAttribute('data-testid'))).toEqual(['post-option-post-sho', 'post-option-post-reader']);
    expect(options[0]!.textContent).toContain('SHO — PS Kotwali');
    expect(options[1]!.textContent).toContain('Reader to SP — SP Office (Additional charge)');
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it('switches the acting post through the API and takes the new state', async () => {
    const api = fakeApi({
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'PUT /api/me/acting-post': (req) => ({ status: 200, body: { ...me, actingPostId: (req.body as { postId: string }).postId } }),
    });
    const wrapper = mountSwitcher();
    await wrapper.get('[data-testid="post-switcher"]').trigger('click');
    await flushPromises();
    // PrimeVue's Select picks an option on mousedown (a real click in the browser does that)
    document.body.querySelector('[data-testid="post-option-post-reader"]')!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    await flushPromises();

    const put = api.requests.find((r) => r.method === 'PUT');
    expect(put?.url).toBe('/api/me/acting-post');
    expect(put?.body).toEqual({ postId: 'post-reader' });
    expect(put?.headers['x-csrf-token']).toBe('t');
    const store = useMeStore();
    expect(store.actingPostId).toBe('post-reader');
    expect(store.can('admin')).toBe(true);
    expect(reconnectRealtime).toHaveBeenCalled();
    expect(wrapper.get('[data-testid="post-switcher"]').text()).toContain('Reader to SP — SP Office');
  });

  it('keeps the old post when the server refuses the switch', async () => {
    const api = fakeApi({
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'PUT /api/me/acting-post': { status: 404, body: { error: 'NOT_FOUND', message: 'Post not found' } },
    });
    const wrapper = mountSwitcher();
    await wrapper.get('[data-testid="post-switcher"]').trigger('click');
    await flushPromises();
    document.body.querySelector('[data-testid="post-option-post-reader"]')!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    await flushPromises();
    expect(api.requests.some((r) => r.method === 'PUT' && r.url === '/api/me/acting-post')).toBe(true);
    expect(useMeStore().actingPostId).toBe('post-sho');
    expect(wrapper.get('[data-testid="post-switcher"]').text()).toContain('SHO — PS Kotwali');
  });
});
