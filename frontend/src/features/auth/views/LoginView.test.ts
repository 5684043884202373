import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import LoginView from './LoginView.vue';
import { applyLocale } from '../../../i18n';
import { createHarness, fakeApi } from '../../../testing/harness';
import type { Me } from '../../../api/types';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const me: Me = {
  user: { id: 'u1', username: 'sho.kotwali', name: { en: 'Ravi Kumar', hi: 'रवि कुमार' }, locale: 'hi' },
  posts: [],
  actingPostId: null,
};

async function mountLogin(redirect?: string) {
  const h = createHarness();
  await h.router.push(redirect ? { name: 'login', query: { redirect } } : { name: 'login' });
  await h.router.isReady();
  const wrapper = mount(LoginView, { global: { plugins: h.plugins }, attachTo: document.body });
  return { wrapper, router: h.router };
}

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper']) {
  await wrapper.get('[data-testid="login-username"]').setValue('sho.kotwali');
  await wrapper.get('[data-testid="login-password"]').setValue('wrong-password');
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

beforeEach(() => {
  localStorage.clear();
  applyLocale('hi');
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('LoginView', () => {
  it('shows the message the server sent when sign-in fails', async () => {
    const api = fakeApi({
      'GET /api/me': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'लॉग इन आवश्यक' } },
      'GET /api/auth/csrf': { status: 200, body: { token: 'csrf-1' } },
      'POST /api/auth/login': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'उपयोगकर्ता नाम या पासवर्ड गलत है' } },
    });
    const { wrapper, router } = await mountLogin();
    expect(wrapper.find('[data-testid="login-error"]').exists()).toBe(false);

    await fillAndSubmit(wrapper);

    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('उपयोगकर्ता नाम या पासवर्ड गलत है');
    const login = api.requests.find((r) => r.url === '/api/auth/login')!;
    expect(login.body).toEqual({ username: 'sho.kotwali', password: 'wrong-password' });
    expect(login.headers['x-csrf-token']).toBe('csrf-1');
    expect(login.headers['accept-language']).toBe('hi');
    expect(router.currentRoute.value.name).toBe('login');
    expect((wrapper.get('[data-testid="login-password"]').element as HTMLInputElement).value).toBe('');
  });

  it('blocks the submit button while the server asks to wait (429)', async () => {
    fakeApi({
      'GET /api/me': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'x' } },
      'GET /api/auth/csrf': { status: 200, body: { token: 'csrf-1' } },
      'POST /api/auth/login': {
        status: 429,
        body: { error: 'TOO_MANY_ATTEMPTS', message: 'Too many attempts. Try again in 30 seconds.', details: { retryAfterSeconds: 30 } },
      },
    });
    const { wrapper } = await mountLogin();
    await fillAndSubmit(wrapper);
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('Too many attempts. Try again in 30 seconds.');
    expect(wrapper.get('[data-testid="login-submit"]').attributes('disabled')).toBeDefined();
  });

  it('goes to the page the user wanted after signing in', async () => {
    fakeApi({
      'GET /api/me': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'x' } },
      'GET /api/auth/csrf': { status: 200, body: { token: 'csrf-1' } },
      'POST /api/auth/login': { status: 200, body: me },
    });
    const { wrapper, router } = await mountLogin('/files');
    await fillAndSubmit(wrapper);
    expect(wrapper.find('[data-testid="login-error"]').exists()).toBe(false);
    expect(router.currentRoute.value.fullPath).toBe('/files');
  });

  it('ignores a redirect to another site and goes to the inbox', async () => {
    fakeApi({
      'GET /api/me': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'x' } },
      'GET /api/auth/csrf': { status: 200, body: { token: 'csrf-1' } },
      'POST /api/auth/login': { status: 200, body: me },
    });
    const { wrapper, router } = await mountLogin('//evil.example/steal');
    await fillAndSubmit(wrapper);
    expect(router.currentRoute.value.name).toBe('inbox');
  });
});
