/**
 * Validation messages in plain words (issue 14 item 11), in Chromium, in Hindi and English: the admin
 * creates a user with a username that breaks the rule and no name; each field says beside it what to
 * type (the username's message says what a username may hold; an empty name is "required", not
 * "Too short (minimum 1)"), and the error toast does not cover the user's name or the logout button.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import hiServer from '../../backend/src/shared/messages/hi.json' with { type: 'json' };
import enServer from '../../backend/src/shared/messages/en.json' with { type: 'json' };
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import { login, POLL, startE2E, type E2E } from '../support/browser.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

const SERVER = { hi: hiServer, en: enServer } as const;
const UI = { hi, en } as const;

async function box(l: Locator) {
  const b = await l.boundingBox();
  expect(b, 'element has a box').not.toBeNull();
  return b!;
}
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.each(['hi', 'en'] as const)('a new user with a bad username and no name (%s)', (lang) => {
  let page: Page;
  beforeAll(async () => {
    page = await e2e.newPage();
    await login(page, 'admin', lang);
  });

  it('shows plain messages beside the fields, and the toast leaves the user menu free', async () => {
    await page.goto('/admin/users');
    await page.getByTestId('admin-users-new').click();
    await page.getByTestId('user-username').waitFor();
    expect(await page.locator('#user-username-hint').textContent()).toBe(UI[lang].user.usernameHint);
    await page.getByTestId('user-username').fill('Ram Kumar!');
    await page.getByTestId('user-password').fill('a-long-password-1');
    await page.getByTestId('user-save').click();

    const s = SERVER[lang].fields;
    await expect.poll(() => page.locator('#user-username-error').textContent(), POLL).toBe(s.username);
    expect(await page.locator('#user-name-hi-error').textContent()).toBe(s.required);
    expect(await page.locator('#user-name-en-error').textContent()).toBe(s.required);
    const all = (await page.getByRole('dialog').textContent()) ?? '';
    expect(all).not.toMatch(/minimum|too short|न्यूनतम|expected format|अपेक्षित प्रारूप/i);
    expect(await page.getByTestId('user-username').getAttribute('aria-describedby')).toContain('user-username-error');

    const toast = page.locator('.p-toast-message').first();
    await toast.waitFor();
    const t = await box(toast);
    for (const id of ['current-user', 'logout']) expect(overlaps(t, await box(page.getByTestId(id))), `the toast covers ${id}`).toBe(false);
  });
});
