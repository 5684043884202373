import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../backend/src/shared/messages/en.json' with { type: 'json' };
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { login, POLL, startE2E, textOf, watchRealtime, type E2E, type RealtimeWatch } from '../support/browser.js';

let e2e: E2E;
let api: ApiClient;

beforeAll(async () => {
  e2e = await startE2E();
  api = await loggedIn(e2e.base, 'admin');
});
afterAll(async () => e2e?.close());

async function findPost(code: string): Promise<any> {
  const items = (await api.get(`/api/org/posts?q=${code}`)).body.items.filter((p: any) => p.code === code);
  expect(items).toHaveLength(1);
  return items[0];
}

/** Marks the page's JavaScript realm; the mark is gone after any reload or full navigation. */
const markRealm = (page: Page) => page.evaluate(() => ((globalThis as any).__e2eRealm = 'still-here'));
const realmMark = (page: Page) => page.evaluate(() => (globalThis as any).__e2eRealm ?? null);

describe('live updates over Socket.IO', () => {
  let sho: Page;
  let shoSocket: RealtimeWatch;
  let admin: Page;

  beforeAll(async () => {
    sho = await e2e.newPage();
    shoSocket = watchRealtime(sho);
    await login(sho, 'sho.kotwali', 'en');
    await vi.waitFor(() => expect(shoSocket.connects()).toBeGreaterThanOrEqual(1), POLL);
    admin = await e2e.newPage();
    await login(admin, 'admin', 'en');
  });

  it('the SHO’s shell shows the new designation of their post, without a reload, when the admin renames it in the UI', async () => {
    const post = await findPost('PBT-PS-KOTWALI-SHO');
    expect(await textOf(sho, 'acting-post')).toBe('SHO Kotwali — Police Station Kotwali');
    await markRealm(sho);

    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-nav-posts').click();
    await admin.getByTestId('posts-search').fill('PBT-PS-KOTWALI-SHO');
    await admin.getByTestId(`post-edit-${post.id}`).click();
    const dialog = admin.getByRole('dialog', { name: 'Edit post' });
    await dialog.waitFor();
    expect(await admin.getByTestId('post-designation-en').inputValue()).toBe('SHO Kotwali');
    expect(await admin.getByTestId('post-code').inputValue()).toBe('PBT-PS-KOTWALI-SHO');
    await admin.getByTestId('post-designation-en').fill('Station House Officer, Kotwali');
    await admin.getByTestId('post-designation-hi').fill('थाना प्रभारी, कोतवाली');
    await admin.getByTestId('post-save').click();
    await dialog.waitFor({ state: 'hidden' });

    await expect.poll(() => textOf(sho, 'acting-post'), POLL).toBe('Station House Officer, Kotwali — Police Station Kotwali');
    expect(await realmMark(sho)).toBe('still-here');
    expect(shoSocket.hints).toContainEqual({ entity: 'me', ids: [post.id] });
    // and in Hindi, from the same refreshed data
    await sho.getByTestId('lang-hi').click();
    await expect.poll(() => textOf(sho, 'acting-post'), POLL).toBe('थाना प्रभारी, कोतवाली — थाना कोतवाली');
    await sho.getByTestId('lang-en').click();
    await expect.poll(() => textOf(sho, 'acting-post'), POLL).toBe('Station House Officer, Kotwali — Police Station Kotwali');
  });

  it('a charge given to the SHO appears in their post switcher without a reload, and they can act on it', async () => {
    const sungarhi = await findPost('PBT-PS-SUNGARHI-SHO');
    const user = (await api.get('/api/org/users?q=sho.kotwali')).body.items.find((u: any) => u.username === 'sho.kotwali');
    const res = await api.post('/api/org/charges', { userId: user.id, postId: sungarhi.id, type: 'additional', from: '2026-01-01' });
    expect(res.status).toBe(201);

    await expect.poll(() => shoSocket.hints.some((h) => h.entity === 'me' && h.ids.includes(user.id)), POLL).toBe(true);
    await sho.getByTestId('post-switcher').click();
    const option = sho.getByTestId(`post-option-${sungarhi.id}`);
    await option.waitFor();
    expect((await option.textContent())?.trim()).toBe('SHO Sungarhi — Police Station Sungarhi (Additional charge)');
    expect(await realmMark(sho)).toBe('still-here');

    const connectsBefore = shoSocket.connects();
    await option.click();
    await expect.poll(() => textOf(sho, 'acting-post'), POLL).toBe('SHO Sungarhi — Police Station Sungarhi');
    // switching the acting post reconnects the socket so that the server puts it in the new post's rooms
    await expect.poll(() => shoSocket.connects(), POLL).toBeGreaterThan(connectsBefore);
    const me = (await (await sho.request.get('/api/me')).json()) as any;
    expect(me.actingPostId).toBe(sungarhi.id);

    // a rename of the new acting post now reaches the SHO through the new post's room
    const renamed = await api.patch(`/api/org/posts/${sungarhi.id}`, {
      version: sungarhi.version,
      designation: { en: 'SHO Sungarhi (acting)', hi: 'थानाध्यक्ष, सुनगढ़ी (कार्यवाहक)' },
    });
    expect(renamed.status).toBe(200);
    await expect.poll(() => textOf(sho, 'acting-post'), POLL).toBe('SHO Sungarhi (acting) — Police Station Sungarhi');
    expect(await realmMark(sho)).toBe('still-here');
  });

  it('an admin editing a post that someone else changed meanwhile sees the list update, gets a conflict, and can keep their entries', async () => {
    const munshi = await findPost('PBT-PS-KOTWALI-MUNSHI');
    await admin.getByTestId('posts-search').fill('PBT-PS-KOTWALI-MUNSHI');
    const row = admin.getByTestId('posts-table').locator('tr', { has: admin.getByTestId(`post-edit-${munshi.id}`) });
    await expect.poll(async () => (await row.textContent()) ?? '', POLL).toContain('Munshi (Dak), PS Kotwali');
    await admin.getByTestId(`post-edit-${munshi.id}`).click();
    const dialog = admin.getByRole('dialog', { name: 'Edit post' });
    await dialog.waitFor();

    // someone else saves first
    const other = await api.patch(`/api/org/posts/${munshi.id}`, {
      version: munshi.version,
      designation: { en: 'Head Moharrir, PS Kotwali', hi: 'मुख्य मोहर्रिर, थाना कोतवाली' },
    });
    expect(other.status).toBe(200);
    // the list behind the dialog refetches on the hint
    await expect.poll(async () => (await row.textContent()) ?? '', POLL).toContain('Head Moharrir, PS Kotwali');

    await admin.getByTestId('post-designation-en').fill('Munshi (Dak and Records), PS Kotwali');
    await admin.getByTestId('post-save').click();
    await expect.poll(() => textOf(admin, 'form-error'), POLL).toContain(en.errors.CONFLICT);
    expect(await dialog.isVisible()).toBe(true);
    expect(await admin.getByTestId('post-designation-en').inputValue()).toBe('Munshi (Dak and Records), PS Kotwali');

    await admin.getByTestId('conflict-keep').click();
    expect(await admin.getByTestId('form-error').count()).toBe(0);
    await admin.getByTestId('post-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const saved = await findPost('PBT-PS-KOTWALI-MUNSHI');
    expect(saved.designation).toEqual({ en: 'Munshi (Dak and Records), PS Kotwali', hi: 'मुंशी (डाक), थाना कोतवाली' });
    expect(saved.version).toBe(munshi.version + 2);
    await expect.poll(async () => (await row.textContent()) ?? '', POLL).toContain('Munshi (Dak and Records), PS Kotwali');
  });
});
