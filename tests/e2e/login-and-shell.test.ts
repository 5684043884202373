import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../backend/src/shared/messages/en.json' with { type: 'json' };
import hi from '../../backend/src/shared/messages/hi.json' with { type: 'json' };
import { chooseLanguage, expectNoAxeViolations, login, POLL, startE2E, submitLogin, textOf, type E2E } from '../support/browser.js';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

async function me(page: Page): Promise<any> {
  const res = await page.request.get('/api/me');
  expect(res.status()).toBe(200);
  return res.json();
}

describe('login page', () => {
  it('has no accessibility violations, in Hindi and in English', async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    await page.getByTestId('login-username').waitFor();
    // Hindi is the default for a browser that has never chosen
    expect(await htmlLang(page)).toBe('hi');
    expect(await textOf(page, 'login-submit')).toBe('लॉग इन करें');
    await expectNoAxeViolations(page, 'login page (hi)');
    await chooseLanguage(page, 'en');
    expect(await textOf(page, 'login-submit')).toBe('Sign in');
    await expectNoAxeViolations(page, 'login page (en)');

    // the check is not vacuous: an image without alt text and a nameless button are reported
    await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const img = doc.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      doc.querySelector('main').append(img, doc.createElement('button'));
    });
    await expect(expectNoAxeViolations(page, 'login page with planted faults')).rejects.toThrow(
      /image-alt[\s\S]*button-name|button-name[\s\S]*image-alt/,
    );
  });

  it('shows the server’s message for a wrong password, in the chosen language, and stays on the login page', async () => {
    const page = await e2e.newPage();
    await submitLogin(page, 'dm', 'hi', 'not-the-password');
    await expect.poll(() => textOf(page, 'login-error'), POLL).toBe(hi.errors.INVALID_CREDENTIALS);
    expect(await page.getByTestId('login-error').getAttribute('role')).toBe('alert');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByTestId('login-password').inputValue()).toBe('');

    await submitLogin(page, 'dm', 'en', 'still-not-the-password');
    await expect.poll(() => textOf(page, 'login-error'), POLL).toBe(en.errors.INVALID_CREDENTIALS);
    expect(await page.getByTestId('current-user').count()).toBe(0);
    expect((await page.request.get('/api/me')).status()).toBe(401);
  });

  it('sends a visitor without a session to the login page and back to where they wanted to go', async () => {
    const page = await e2e.newPage();
    await page.goto('/files');
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/files');
    await submitLogin(page, 'reader.sp', 'en');
    await page.waitForURL((url) => url.pathname === '/files');
    expect(await page.getByTestId('nav-files').getAttribute('aria-current')).toBe('page');
  });
});

describe('shell for reader.sp', () => {
  let page: Page;

  beforeAll(async () => {
    page = await e2e.newPage();
    await login(page, 'reader.sp', 'hi');
  });

  it('shows the shell in Hindi after a Hindi login', async () => {
    expect(new URL(page.url()).pathname).toBe('/inbox');
    expect(await htmlLang(page)).toBe('hi');
    expect(await textOf(page, 'current-user')).toBe('सुरेश चंद्र वर्मा');
    expect(await textOf(page, 'acting-post')).toBe('वाचक (पुलिस अधीक्षक) — पुलिस अधीक्षक कार्यालय, पीलीभीत, रीडर शाखा');
    expect(await textOf(page, 'nav-inbox')).toBe('इनबॉक्स');
    expect(await textOf(page, 'logout')).toBe('लॉग आउट');
    expect((await me(page)).user.locale).toBe('hi');
  });

  it('switches to English, saves the choice and still shows English after a reload', async () => {
    await chooseLanguage(page, 'en');
    await expect.poll(() => textOf(page, 'current-user'), POLL).toBe('Suresh Chandra Verma');
    expect(await htmlLang(page)).toBe('en');
    expect(await textOf(page, 'acting-post')).toBe('Reader to SP — Office of the Superintendent of Police, Pilibhit, Reader Branch');
    expect(await textOf(page, 'nav-inbox')).toBe('Inbox');
    await expect.poll(async () => (await me(page)).user.locale, POLL).toBe('en');

    await page.reload();
    await page.getByTestId('current-user').waitFor();
    expect(await textOf(page, 'current-user')).toBe('Suresh Chandra Verma');
    expect(await htmlLang(page)).toBe('en');
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('patravali.locale'))).toBe('en');
    expect(await page.getByTestId('lang-switch').locator('button[aria-pressed="true"]').textContent()).toBe('English');
  });

  it('has no accessibility violations on the shell with the inbox page', async () => {
    await page.goto('/inbox');
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await expectNoAxeViolations(page, 'shell / inbox (en)');
  });

  it('offers no Administration link to a post without the admin capability, and sends /admin back to the inbox', async () => {
    await page.getByTestId('nav-inbox').waitFor();
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await page.goto('/admin/posts');
    await page.waitForURL((url) => url.pathname === '/inbox');
    expect(await page.getByTestId('admin-posts-new').count()).toBe(0);
  });

  it('reaches the files page and the pendency dashboard from the main navigation', async () => {
    // the dak desk belongs to posts with the dak capability: the Reader has none
    expect(await page.getByTestId('nav-dak').count()).toBe(0);
    await page.getByTestId('nav-inbox').click();
    await page.waitForURL((url) => url.pathname === '/inbox');
    await page.getByTestId('nav-files').click();
    await page.waitForURL((url) => url.pathname === '/files');
    await page.getByTestId('files-search').waitFor();
    expect(await page.getByTestId('nav-files').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('nav-pendency').click();
    await page.waitForURL((url) => url.pathname === '/pendency');
    await page.getByRole('heading', { level: 1, name: 'Pendency' }).waitFor();
    expect(await page.getByTestId('nav-pendency').getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('Pendency — Patravali');
    // the Reader supervises nobody: the dashboard is about the items their own post holds
    await expect.poll(() => page.getByTestId('pendency-scope').getAttribute('data-kind'), POLL).toBe('post');
  });

  it('switches the acting post with the post switcher; the server keeps the new acting post', async () => {
    const before = await me(page);
    const pro = before.posts.find((p: any) => p.code === 'PBT-SP-PRO');
    const reader = before.posts.find((p: any) => p.code === 'PBT-SP-READER');
    expect(before.actingPostId).toBe(reader.id);

    await page.getByTestId('post-switcher').click();
    const option = page.getByTestId(`post-option-${pro.id}`);
    expect(await option.textContent()).toBe(
      'Public Relations Officer to SP — Office of the Superintendent of Police, Pilibhit (Additional charge)',
    );
    await option.click();

    await expect
      .poll(() => textOf(page, 'acting-post'), POLL)
      .toBe('Public Relations Officer to SP — Office of the Superintendent of Police, Pilibhit, Reader Branch');
    await expect.poll(() => textOf(page, 'post-switcher'), POLL).toContain('Public Relations Officer to SP');
    expect((await me(page)).actingPostId).toBe(pro.id);

    // the choice belongs to the session: a reload keeps it
    await page.reload();
    await page.getByTestId('acting-post').waitFor();
    expect(await textOf(page, 'acting-post')).toBe(
      'Public Relations Officer to SP — Office of the Superintendent of Police, Pilibhit, Reader Branch',
    );
  });

  it('signs out to the login page; the session is gone', async () => {
    await page.getByTestId('logout').click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect((await page.request.get('/api/me')).status()).toBe(401);
    await page.goto('/inbox');
    await page.waitForURL((url) => url.pathname === '/login');
  });
});

describe('shell for admin', () => {
  it('has an Administration link that opens the admin pages, which have no accessibility violations', async () => {
    const page = await e2e.newPage();
    await login(page, 'admin', 'en');
    await page.getByTestId('nav-admin').click();
    await page.waitForURL((url) => url.pathname === '/admin/offices');
    await page.getByTestId('offices-tree').waitFor();
    await page.getByTestId('offices-tree').getByText('Circle Office, City').waitFor();
    await expectNoAxeViolations(page, 'admin / offices');

    await page.getByTestId('admin-nav-posts').click();
    await page.waitForURL((url) => url.pathname === '/admin/posts');
    await page.getByTestId('posts-table').getByText('PBT-PS-KOTWALI-SHO').waitFor();
    await expectNoAxeViolations(page, 'admin / posts');

    await page.getByTestId('admin-posts-new').click();
    await page.getByRole('dialog', { name: 'New post' }).waitFor();
    await expectNoAxeViolations(page, 'admin / posts / new post dialog');
  });

  it('shows the admin pages in Hindi too', async () => {
    const page = await e2e.newPage();
    await login(page, 'admin', 'hi');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-nav-users').click();
    await page.waitForURL((url) => url.pathname === '/admin/users');
    await page.getByTestId('users-table').getByText('reader.sp').waitFor();
    expect(await page.getByTestId('users-table').textContent()).toContain('सुरेश चंद्र वर्मा');
    expect(await textOf(page, 'nav-admin')).toBe('प्रशासन');
    await expectNoAxeViolations(page, 'admin / users (hi)');
  });
});
