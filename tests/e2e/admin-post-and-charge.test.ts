import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../backend/src/shared/messages/en.json' with { type: 'json' };
import { expectNoAxeViolations, login, pickOption, POLL, startE2E, textOf, type E2E } from '../support/browser.js';

let e2e: E2E;
let admin: Page;

const POST = { code: 'PBT-SP-CCTNS', en: 'CCTNS Operator, Crime Branch', hi: 'सीसीटीएनएस संचालक, अपराध शाखा' };
const USER = { username: 'cctns.sp', en: 'Priya Rastogi', hi: 'प्रिया रस्तोगी', password: 'cctns-operator-2026', mobile: '9876501234' };
const SP_OFFICE = 'Office of the Superintendent of Police, Pilibhit';

beforeAll(async () => {
  e2e = await startE2E();
  admin = await e2e.newPage();
  await login(admin, 'admin', 'en');
});
afterAll(async () => e2e?.close());

async function apiGet(page: Page, path: string): Promise<any> {
  const res = await page.request.get(path);
  expect(res.status(), `GET ${path}`).toBe(200);
  return res.json();
}

/** The toast PrimeVue shows after a successful save. */
async function expectToast(page: Page, summary: string) {
  await page.locator('.p-toast-message').filter({ hasText: summary }).first().waitFor();
}

describe('admin sets up a new post, a new user and a charge through the UI', () => {
  let postId: string;
  let userId: string;

  it('creates a post; a missing field and a duplicate code show the server’s messages and keep what was typed', async () => {
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-nav-posts').click();
    await admin.waitForURL((url) => url.pathname === '/admin/posts');
    await admin.getByTestId('posts-table').getByText('PBT-CO-CITY-CO', { exact: true }).waitFor();

    await admin.getByTestId('admin-posts-new').click();
    const dialog = admin.getByRole('dialog', { name: 'New post' });
    await dialog.waitFor();

    // 1. everything but the Hindi designation, with a code that already exists
    await admin.getByTestId('post-code').fill('PBT-SP-SP');
    await admin.getByTestId('post-designation-en').fill(POST.en);
    await pickOption(admin, 'post-office', { name: `${SP_OFFICE} (PBT-SP)` }, 'Superintendent');
    await expect.poll(() => textOf(admin, 'post-office'), POLL).toBe(`${SP_OFFICE} (PBT-SP)`);
    await pickOption(admin, 'post-section', { name: 'Crime Branch (CRIME)' });
    await expect.poll(() => textOf(admin, 'post-section'), POLL).toBe('Crime Branch (CRIME)');
    await admin.getByTestId('post-capabilities').click();
    await admin.getByTestId('post-capability-noting').click();
    await admin.getByTestId('post-capability-dak').click();
    await admin.keyboard.press('Escape');
    await expect.poll(() => textOf(admin, 'post-capabilities'), POLL).toMatch(/Noting.*Dak|Dak.*Noting/);
    await admin.getByTestId('post-save').click();

    // the field's own message sits under it and is tied to it for screen readers
    const hiError = admin.locator('#post-designation-hi-error');
    await hiError.waitFor();
    expect((await hiError.textContent())?.trim()).toBe(en.fields.required);
    expect(await admin.getByTestId('post-designation-hi').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.getByTestId('post-designation-hi').getAttribute('aria-describedby')).toBe('post-designation-hi-error');
    expect(await textOf(admin, 'form-error')).toContain(en.errors.VALIDATION_FAILED);
    expect(await dialog.isVisible()).toBe(true);
    await expectNoAxeViolations(admin, 'new post dialog with a field error');

    // 2. the duplicate code: the server's message in form-error, the dialog keeps every entry
    await admin.getByTestId('post-designation-hi').fill(POST.hi);
    await admin.getByTestId('post-save').click();
    const duplicate = en.errors.DUPLICATE.replace('{{what}}', en.what.postCode).replace('{{value}}', 'PBT-SP-SP');
    await expect.poll(() => textOf(admin, 'form-error'), POLL).toContain(duplicate);
    expect(await admin.getByTestId('form-error').getAttribute('role')).toBe('alert');
    // a duplicate is not a version conflict: no keep/reload offer, and the message stands at the code field
    expect(await admin.getByTestId('conflict-keep').count()).toBe(0);
    await expect.poll(async () => (await admin.locator('#post-code-error').textContent())?.trim(), POLL).toBe(duplicate);
    expect(await dialog.isVisible()).toBe(true);
    expect(await admin.getByTestId('post-code').inputValue()).toBe('PBT-SP-SP');
    expect(await admin.getByTestId('post-designation-en').inputValue()).toBe(POST.en);
    expect(await admin.getByTestId('post-designation-hi').inputValue()).toBe(POST.hi);
    expect(await textOf(admin, 'post-office')).toBe(`${SP_OFFICE} (PBT-SP)`);
    expect(await textOf(admin, 'post-section')).toBe('Crime Branch (CRIME)');
    expect(await admin.locator('#post-designation-hi-error').count()).toBe(0);
    // nothing was created
    expect((await apiGet(admin, `/api/org/posts?q=${encodeURIComponent(POST.en)}`)).items).toEqual([]);

    // 3. a fresh code saves: toast, dialog closes, the table lists the post as vacant
    await admin.getByTestId('post-code').fill(POST.code);
    await admin.getByTestId('post-save').click();
    await expectToast(admin, 'Saved');
    await dialog.waitFor({ state: 'hidden' });

    const created = (await apiGet(admin, `/api/org/posts?q=${POST.code}`)).items;
    expect(created).toHaveLength(1);
    const offices = (await apiGet(admin, '/api/org/offices')).items;
    const spOffice = offices.find((o: any) => o.code === 'PBT-SP');
    const crime = (await apiGet(admin, `/api/org/sections?officeId=${spOffice.id}`)).items.find((s: any) => s.code === 'CRIME');
    expect(created[0]).toMatchObject({
      code: POST.code,
      designation: { en: POST.en, hi: POST.hi },
      officeId: spOffice.id,
      sectionId: crime.id,
      active: true,
      holders: [],
    });
    expect([...created[0].capabilities].sort()).toEqual(['dak', 'noting']);
    postId = created[0].id;

    await admin.getByTestId('posts-search').fill('CCTNS');
    const row = admin.getByTestId('posts-table').locator('tr', { has: admin.getByTestId(`post-edit-${postId}`) });
    await row.waitFor();
    await expect.poll(async () => (await row.textContent()) ?? '', POLL).toContain('Vacant');
    expect(await row.textContent()).toContain(POST.en);
    expect(await row.textContent()).toContain('Crime Branch');
  });

  it('creates a user', async () => {
    await admin.getByTestId('admin-nav-users').click();
    await admin.waitForURL((url) => url.pathname === '/admin/users');
    await admin.getByTestId('users-table').getByText('reader.sp', { exact: true }).waitFor();
    await admin.getByTestId('admin-users-new').click();
    const dialog = admin.getByRole('dialog', { name: 'New user' });
    await dialog.waitFor();
    await admin.getByTestId('user-username').fill(USER.username);
    await admin.getByTestId('user-name-hi').fill(USER.hi);
    await admin.getByTestId('user-name-en').fill(USER.en);
    await admin.getByTestId('user-password').fill(USER.password);
    await admin.getByTestId('user-mobile').fill(USER.mobile);
    await admin.getByTestId('user-save').click();
    await expectToast(admin, 'Saved');
    await dialog.waitFor({ state: 'hidden' });

    const users = (await apiGet(admin, `/api/org/users?q=${USER.username}`)).items;
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ username: USER.username, name: { en: USER.en, hi: USER.hi }, mobile: USER.mobile, active: true });
    userId = users[0].id;

    await admin.getByTestId('users-search').fill(USER.username);
    const row = admin.getByTestId('users-table').locator('tr', { has: admin.getByTestId(`user-edit-${userId}`) });
    await row.waitFor();
    await expect.poll(async () => (await row.textContent()) ?? '', POLL).toContain('No post');
    expect(await row.textContent()).toContain(USER.en);
  });

  it('assigns the user a regular charge of the new post', async () => {
    await admin.getByTestId('admin-nav-charges').click();
    await admin.waitForURL((url) => url.pathname === '/admin/charges');
    await admin.getByTestId('charges-table').getByText('(reader.sp)', { exact: false }).first().waitFor();
    await admin.getByTestId('admin-charges-new').click();
    const dialog = admin.getByRole('dialog', { name: 'Assign charge' });
    await dialog.waitFor();

    await pickOption(admin, 'charge-user', { testId: `charge-user-option-${userId}` }, 'cctns');
    await expect.poll(() => textOf(admin, 'charge-user'), POLL).toBe(`${USER.en} (${USER.username})`);

    await pickOption(admin, 'charge-post', { testId: `charge-post-option-${postId}` }, 'CCTNS');
    await expect.poll(() => textOf(admin, 'charge-post'), POLL).toBe(`${POST.en} — ${SP_OFFICE} (${POST.code})`);

    expect(await textOf(admin, 'charge-type')).toBe('Regular');
    expect(await admin.getByTestId('charge-from').inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    await admin.getByTestId('charge-from').fill('2026-01-01');
    await expect.poll(() => dialog.isVisible(), POLL).toBe(true);
    await admin.getByTestId('charge-save').click();
    await expectToast(admin, 'Charge assigned');
    await dialog.waitFor({ state: 'hidden' });

    const charges = (await apiGet(admin, `/api/org/charges?postId=${postId}`)).items;
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ userId, postId, type: 'regular', from: '2026-01-01', to: null });
    // the demo district has more charges than one page: narrow the list to the new user
    await pickOption(admin, 'charges-filter-user', { name: `${USER.en} (${USER.username})` }, 'cctns');
    const row = admin.getByTestId('charges-table').locator('tr', { has: admin.getByTestId(`charge-end-${charges[0].id}`) });
    await row.waitFor();
    expect(await row.textContent()).toContain(`${USER.en} (${USER.username})`);
    expect(await row.textContent()).toContain(`${POST.en} (${POST.code})`);
  });

  it('the new user signs in (own browser context) and acts as the new post', async () => {
    const user = await e2e.newPage();
    await login(user, USER.username, 'en', USER.password);
    await expect.poll(() => textOf(user, 'acting-post'), POLL).toBe(`${POST.en} — ${SP_OFFICE}, Crime Branch`);
    expect(await textOf(user, 'current-user')).toBe(USER.en);
    expect(await textOf(user, 'post-switcher')).toContain(POST.en);
    expect(await user.getByTestId('nav-admin').count()).toBe(0);
    const me = await apiGet(user, '/api/me');
    expect(me.actingPostId).toBe(postId);
    expect(me.posts.map((p: any) => p.code)).toEqual([POST.code]);

    // the admin's posts list now names the holder
    await admin.getByTestId('admin-nav-posts').click();
    await admin.getByTestId('posts-search').fill('CCTNS');
    const row = admin.getByTestId('posts-table').locator('tr', { has: admin.getByTestId(`post-edit-${postId}`) });
    await expect.poll(async () => (await row.textContent()) ?? '', POLL).toContain(USER.en);
  });
});
