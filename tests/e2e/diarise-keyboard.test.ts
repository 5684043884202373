/**
 * A whole receipt typed with the keyboard only, in Hindi: Enter moves through every field of the
 * diarise form — text, dates, each drop-down (typing finds the option, Enter takes it and moves on),
 * the address with Shift+Enter for its second line, the acknowledgement box — and Ctrl+Enter
 * diarises; the send dialog then opens on its post picker: typing searches, Enter takes the post,
 * Enter sends. No mouse anywhere; the receipt is saved as typed and is with the SHO.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { chooseLanguage, expectNoAxeViolations, login, POLL, startE2E, textOf, type E2E } from '../support/browser.js';

let e2e: E2E;
let page: Page;
let munshiApi: ApiClient;
let shoPostId: string;

beforeAll(async () => {
  e2e = await startE2E();
  munshiApi = await loggedIn(e2e.base, 'munshi.kotwali');
  shoPostId = (await munshiApi.get('/api/org/posts?q=PBT-PS-KOTWALI-SHO')).body.items[0].id;
  page = await e2e.newPage();
});
afterAll(async () => e2e?.close());

/**
 * One key of a Hindi (InScript) keyboard: a real key event that carries the Devanagari character, as
 * the operating system's layout sends it (Playwright's keyboard knows only the US layout's keys).
 */
async function hindiKey(char: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'keyDown',
    key: char,
    text: char,
    unmodifiedText: char,
  });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: char });
  await cdp.detach();
}

/** The test id (or id) of the element that has the focus. */
const focused = (p: Page) =>
  p.evaluate(() => {
    const el = (globalThis as any).document.activeElement;
    return (el?.getAttribute('data-testid') || el?.id || el?.tagName) as string;
  });
/** The label of the drop-down field the focus is on (its combobox is labelled by the field's label). */
const focusedField = (p: Page) =>
  p.evaluate(
    () =>
      ((globalThis as any).document.activeElement?.closest('.field')?.querySelector('label')?.textContent ?? '')
        .replace('*', '')
        .trim() as string,
  );

async function press(key: string, expectFocus?: string) {
  await page.keyboard.press(key);
  if (expectFocus) await expect.poll(() => focused(page), POLL).toBe(expectFocus);
}

describe('diarise with the keyboard only', () => {
  it('types a whole receipt, Ctrl+Enter diarises, then type the post, ↓ Enter, Enter sends it', async () => {
    await login(page, 'munshi.kotwali', 'hi');
    await page.goto('/dak/register');
    await expect.poll(() => focused(page), POLL).toBe('diarise-sender');
    expect(await page.getByText(hi.diarise.keysHint).count()).toBe(1);

    await page.keyboard.type('ग्राम प्रधान, बरखेड़ा');
    await press('Enter', 'diarise-letterNumber');
    await page.keyboard.type('GP/42/2026');
    await press('Enter', 'diarise-letterDate');
    await press('Enter', 'diarise-subject');
    await page.keyboard.type('नाली की मरम्मत के संबंध में');
    await press('Enter', 'diarise-receivedDate');
    await press('Enter');
    // the mode drop-down: typing "द" finds "दस्ती" (by hand), Enter takes it and moves on to the language
    await expect.poll(() => focusedField(page), POLL).toBe(hi.receipt.mode);
    await hindiKey('द');
    await page.locator('.p-select-overlay').first().waitFor();
    await press('Enter');
    await expect.poll(() => page.locator('.p-select-overlay').count(), POLL).toBe(0);
    await expect.poll(() => focusedField(page), POLL).toBe(hi.receipt.language);
    expect(await textOf(page, 'diarise-mode')).toBe(hi.mode.by_hand);
    // language: "ह" → हिंदी; grading: Enter keeps सामान्य and moves on; priority: "त" → तत्काल
    await hindiKey('ह');
    await page.locator('.p-select-overlay').first().waitFor();
    await press('Enter');
    await expect.poll(() => page.locator('.p-select-overlay').count(), POLL).toBe(0);
    await expect.poll(() => focusedField(page), POLL).toBe(hi.receipt.grading);
    await press('Enter');
    await expect.poll(() => focusedField(page), POLL).toBe(hi.receipt.priority);
    await hindiKey('त');
    await page.locator('.p-select-overlay').first().waitFor();
    await press('Enter', 'diarise-dueDate');
    expect(await textOf(page, 'diarise-priority')).toBe(hi.priority.immediate);
    await press('Enter', 'diarise-category');
    await page.keyboard.type('जन शिकायत');
    await press('Enter', 'diarise-senderAddress');
    await page.keyboard.type('ग्राम बरखेड़ा');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('जनपद पीलीभीत');
    await press('Enter', 'diarise-senderMobile');
    await page.keyboard.type('9876543210');
    await press('Enter', 'diarise-senderEmail');
    await press('Enter', 'diarise-remarks');
    await page.keyboard.type('हाथों-हाथ प्राप्त');
    await press('Enter', 'diarise-acknowledge');
    await page.keyboard.press('Space');
    await press('Enter', 'diarise-save');
    await expectNoAxeViolations(page, 'diarise form filled by keyboard');

    // Ctrl+Enter diarises and opens the send dialog on its post picker
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('diary-number').waitFor();
    const diaryNumber = await textOf(page, 'diary-number');
    await page.getByRole('dialog').waitFor();
    await expect.poll(() => focused(page), POLL).toBe('send-to');
    // the first key opens the list's search box and goes into it, the rest follow
    for (const char of 'कोतवाली') await hindiKey(char);
    expect(await page.locator('.p-select-overlay').getByRole('searchbox').inputValue()).toBe('कोतवाली');
    await page.locator(`.p-select-overlay [data-testid="send-to-option-${shoPostId}"]`).waitFor();
    // the list shows it is still searching until the server's answer for the whole word is in
    await expect.poll(() => page.getByTestId('send-to').locator('[data-pc-section="loadingicon"]').count(), POLL).toBe(0);
    // ↓ highlights the first post found, Enter takes it
    await page.keyboard.press('ArrowDown');
    await page.locator(`.p-select-overlay [data-p-focused="true"][data-testid="send-to-option-${shoPostId}"]`).waitFor();
    await press('Enter', 'send-to');
    expect(await textOf(page, 'send-to')).toContain('थानाध्यक्ष, कोतवाली');
    // the list closes (as the user sees it go) before the next Enter: while it is still closing, Enter would pick again
    await page.locator('.p-select-overlay').waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByText(hi.diarise.sentNote).count(), POLL).toBe(1);

    // saved as typed, with the SHO
    const found = (await munshiApi.get(`/api/inbox?tab=sent&pageSize=20`)).body.items.find((i: any) => i.number === diaryNumber);
    expect(found, diaryNumber).toBeTruthy();
    const r = (await munshiApi.get(`/api/receipts/${found.id}`)).body;
    expect(r).toMatchObject({
      sender: 'ग्राम प्रधान, बरखेड़ा',
      letterNumber: 'GP/42/2026',
      letterDate: null,
      subject: 'नाली की मरम्मत के संबंध में',
      mode: 'by_hand',
      language: 'hi',
      grading: 'normal',
      priority: 'immediate',
      category: 'जन शिकायत',
      senderAddress: 'ग्राम बरखेड़ा\nजनपद पीलीभीत',
      senderMobile: '9876543210',
      senderEmail: null,
      remarks: 'हाथों-हाथ प्राप्त',
    });
    expect(r.holder.id).toBe(shoPostId);
  });

  it('says how in English too', async () => {
    await page.goto('/dak/register');
    await chooseLanguage(page, 'en');
    await page.getByText(en.diarise.keysHint).waitFor();
  });
});
