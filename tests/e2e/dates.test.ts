/**
 * Dates as Indian offices write them (issue 14 item 1), on the dak clerk's diarise form in Chromium,
 * in Hindi and in English: a date typed key by key in ISO form is kept (the old picker turned
 * "2026-12-14" into 01.12.2026 on Tab), DD.MM.YYYY, DD/MM/YYYY and D.M.YY are read as those days and
 * saved so (checked through the API), an impossible day keeps its text with a message and nothing is
 * saved, and the server's refusal of inconsistent dates (due before received, letter date in the
 * future) is shown beside each field, in the user's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import hiServer from '../../backend/src/shared/messages/hi.json' with { type: 'json' };
import enServer from '../../backend/src/shared/messages/en.json' with { type: 'json' };
import { istDate } from '../../backend/src/shared/dates.js';
import { login, POLL, startE2E, type E2E } from '../support/browser.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

const UI = { hi, en } as const;
const SERVER = { hi: hiServer, en: enServer } as const;
const fill = (template: string, params: Record<string, string>) => template.replace(/\{\{?(\w+)\}?\}/g, (_, k: string) => params[k] ?? '');
const errorOf = (page: Page, field: string) => page.locator(`#diarise-${field}-error`);
const input = (page: Page, field: string) => page.getByTestId(`diarise-${field}`);

/** Types into a date field key by key, as a person does, then leaves it with Tab. */
async function typeDate(page: Page, field: string, text: string) {
  const el = input(page, field);
  await el.click();
  await el.press('Control+a');
  await el.press('Backspace');
  await el.pressSequentially(text);
  await el.press('Tab');
}

// the machine's clock says December 2026; these days are in the past and 14.12.2026 is after all of them
if (istDate() < '2026-11-30') throw new Error('these tests expect today (IST) to be 30.11.2026 or later');

describe.each(['hi', 'en'] as const)('dates on the diarise form (%s)', (lang) => {
  let page: Page;
  const t = UI[lang];
  const posts: Request[] = [];

  beforeAll(async () => {
    page = await e2e.newPage();
    await login(page, 'munshi.kotwali', lang);
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/receipts') posts.push(r);
    });
    await page.goto('/dak/register');
    await input(page, 'sender').waitFor();
  });

  it('keeps 2026-12-14 typed key by key as 14.12.2026, and shows the hint in the user language', async () => {
    await typeDate(page, 'dueDate', '2026-12-14');
    expect(await input(page, 'dueDate').inputValue()).toBe('14.12.2026');
    const hint = (await page.locator('#diarise-dueDate-hint').textContent()) ?? '';
    expect(hint).toBe(t.common.dateFormatHint);
    expect(hint).not.toMatch(/YYYY|MM|DD/);

    // the calendar beside the field still picks a day
    await page.getByTestId('diarise-dueDate-calendar').click();
    const calendar = page.locator('.p-popover .p-datepicker');
    await calendar.waitFor();
    await calendar.locator('td:not(.p-datepicker-other-month) > span', { hasText: /^20$/ }).click();
    await calendar.waitFor({ state: 'detached' });
    expect(await input(page, 'dueDate').inputValue()).toBe('20.12.2026');
  });

  it('keeps an impossible day as typed, says so beside the field, and does not save', async () => {
    await input(page, 'sender').fill('Gram Pradhan, Barkhera');
    await input(page, 'subject').fill(`Boundary dispute at Barkhera (${lang})`);
    await typeDate(page, 'dueDate', '31.02.2026');
    expect(await input(page, 'dueDate').inputValue()).toBe('31.02.2026');
    await expect.poll(() => errorOf(page, 'dueDate').textContent(), POLL).toBe(fill(t.dateField.impossible, { typed: '31.02.2026' }));
    expect(await input(page, 'dueDate').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('diarise-save').click();
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.id), POLL).toBe('diarise-dueDate');
    expect(posts).toHaveLength(0);
    expect(await input(page, 'dueDate').inputValue()).toBe('31.02.2026');

    await typeDate(page, 'letterDate', '30 Nov');
    await expect.poll(() => errorOf(page, 'letterDate').textContent(), POLL).toBe(fill(t.dateField.format, { typed: '30 Nov' }));
  });

  it('shows the server refusing a due date before the received date and a letter date in the future, beside each field', async () => {
    await typeDate(page, 'receivedDate', '30.11.2026');
    await typeDate(page, 'letterDate', '25.12.2026');
    await typeDate(page, 'dueDate', '20/11/2026');
    expect(await input(page, 'dueDate').inputValue()).toBe('20.11.2026');
    expect(await errorOf(page, 'dueDate').count()).toBe(0);
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/receipts');
    await page.getByTestId('diarise-save').click();
    expect((await refused).status()).toBe(400);
    const s = SERVER[lang].fields;
    await expect.poll(() => errorOf(page, 'dueDate').textContent(), POLL).toBe(fill(s.dueBeforeReceived, { received: '30.11.2026' }));
    await expect
      .poll(() => errorOf(page, 'letterDate').textContent(), POLL)
      .toBe(fill(s.dateFuture, { today: istDate().split('-').reverse().join('.') }));
    // what was typed stays
    expect(await input(page, 'dueDate').inputValue()).toBe('20.11.2026');
    expect(await input(page, 'letterDate').inputValue()).toBe('25.12.2026');
  });

  it('saves 30/11/2026, 30.11.2026, 3.11.26 and 2026-12-14 as those days', async () => {
    await typeDate(page, 'letterDate', lang === 'hi' ? '3.11.26' : '30/11/2026');
    await typeDate(page, 'receivedDate', lang === 'hi' ? '30/11/2026' : '30.11.2026');
    await typeDate(page, 'dueDate', '2026-12-14');
    expect(await input(page, 'letterDate').inputValue()).toBe(lang === 'hi' ? '03.11.2026' : '30.11.2026');
    expect(await input(page, 'receivedDate').inputValue()).toBe('30.11.2026');
    expect(await input(page, 'dueDate').inputValue()).toBe('14.12.2026');
    const saved = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/receipts');
    await page.getByTestId('diarise-save').click();
    const res = await saved;
    expect(res.status()).toBe(201);
    await page.getByTestId('diarised-panel').waitFor();
    const id = ((await res.json()) as { receipt: { id: string } }).receipt.id;
    const got = await (await page.request.get(`/api/receipts/${id}`)).json();
    expect(got).toMatchObject({
      letterDate: lang === 'hi' ? '2026-11-03' : '2026-11-30',
      receivedDate: '2026-11-30',
      dueDate: '2026-12-14',
    });

    // the receipt shows them with the month's name
    await page.getByTestId('diarise-open-receipt').click();
    await page.waitForURL(`**/receipts/${id}`);
    const body = page.locator('main');
    await expect.poll(() => body.textContent(), POLL).toContain(lang === 'hi' ? '14 दिसंबर 2026' : '14 Dec 2026');
    expect(await body.textContent()).toContain(lang === 'hi' ? '30 नवंबर 2026' : '30 Nov 2026');
  });
});
