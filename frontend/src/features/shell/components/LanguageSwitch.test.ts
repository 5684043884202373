import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import LanguageSwitch from './LanguageSwitch.vue';
import { applyLocale, i18n, LOCALE_STORAGE_KEY } from '../../../i18n';
import { createHarness, fakeApi, signIn } from '../../../testing/harness';
import { useMeStore } from '../../auth/store';
import type { Me } from '../../../api/types';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const me: Me = {
  user: { id: 'u1', username: 'ravi', name: { en: 'Ravi Kumar', hi: 'रवि कुमार' }, locale: 'hi' },
  posts: [],
  actingPostId: null,
};

beforeEach(() => {
  localStorage.clear();
  applyLocale('hi');
  localStorage.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('LanguageSwitch', () => {
  it('switches to English: remembers it, sets <html lang> and the texts', async () => {
    const api = fakeApi({});
    const h = createHarness();
    const wrapper = mount(LanguageSwitch, { global: { plugins: h.plugins }, attachTo: document.body });
    expect(document.documentElement.lang).toBe('hi');
    expect(wrapper.get('[data-testid="lang-switch"]').attributes('aria-label')).toBe('भाषा');

    await wrapper.get('[data-testid="lang-en"]').trigger('click');
    await flushPromises();

    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.global.locale.value).toBe('en');
    expect(wrapper.get('[data-testid="lang-switch"]').attributes('aria-label')).toBe('Language');
    // nobody signed in: nothing to save on the server
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    await wrapper.get('[data-testid="lang-hi"]').trigger('click');
    await flushPromises();
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('hi');
    expect(document.documentElement.lang).toBe('hi');
  });

  it('also saves the choice on the server when signed in', async () => {
    const api = fakeApi({
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'PUT /api/me/locale': (req) => ({
        status: 200,
        body: { ...me, user: { ...me.user, locale: (req.body as { locale: string }).locale } },
      }),
    });
    const h = createHarness();
    signIn(structuredClone(me) as never);
    const wrapper = mount(LanguageSwitch, { global: { plugins: h.plugins }, attachTo: document.body });

    await wrapper.get('[data-testid="lang-en"]').trigger('click');
    await flushPromises();

    const put = api.requests.find((r) => r.method === 'PUT');
    expect(put?.url).toBe('/api/me/locale');
    expect(put?.body).toEqual({ locale: 'en' });
    expect(useMeStore().user?.locale).toBe('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
  });
});
