/**
 * The dak flow in two real browsers: the dak clerk drops three scanned letters, watches each go
 * through upload → preparation → OCR, diarises the English one from the fields suggested by OCR and
 * sends it to the Reader, whose open inbox shows it live (no reload) as unread until opened.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import {
  expectNoAxeViolations,
  login,
  pickOption,
  POLL,
  startE2E,
  textOf,
  watchRealtime,
  type E2E,
  type RealtimeWatch,
} from '../support/browser.js';
import { fixtures } from '../support/scans.js';

let e2e: E2E;
let reader: Page;
let readerSocket: RealtimeWatch;
let dak: Page;

const FILES = ['hindi-letter-clean.png', 'english-letter-clean.jpg', 'mixed-letter-multipage.pdf'] as const;
const PAGES = [1, 1, 2];
const ENGLISH = 1;
const READER = { code: 'PBT-SP-READER', label: 'Reader to SP — Office of the Superintendent of Police, Pilibhit' };
/** OCR of four pages on two cores, queued behind each other. */
const OCR_POLL = { timeout: 90_000, interval: 250 } as const;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

async function apiGet(page: Page, url: string): Promise<any> {
  const res = await page.request.get(url);
  expect(res.status(), `GET ${url}`).toBe(200);
  return res.json();
}

/** The data-testids of the rows the inbox table shows. */
const inboxRowIds = (page: Page) =>
  page
    .getByTestId('inbox-table')
    .locator('tbody tr[data-testid^="inbox-row-"]')
    .evaluateAll((rows) => rows.map((r) => (r as any).getAttribute('data-testid') as string));

/** Marks the page's JavaScript realm; the mark is gone after any reload or full navigation. */
const markRealm = (page: Page) => page.evaluate(() => ((globalThis as any).__e2eRealm = 'still-here'));
const realmMark = (page: Page) => page.evaluate(() => (globalThis as any).__e2eRealm ?? null);

interface StatusEntry {
  row: string;
  status: string;
  text: string;
  bar: boolean;
}

/**
 * Records, in the page, every data-status each dak row takes (with its status text and whether it
 * shows a progress bar) and every text of the queue indicator, from a MutationObserver, so that no
 * short-lived state is missed between two polls.
 */
function recordDakRows(page: Page) {
  return page.evaluate(() => {
    const g = globalThis as any;
    const log: StatusEntry[] = (g.__dakRows = []);
    const queue: string[] = (g.__dakQueue = []);
    const note = (el: any) => {
      const row = el.getAttribute('data-testid') as string;
      const status = el.getAttribute('data-status') as string;
      const text = (el.querySelector('.upload-status')?.textContent ?? '').trim();
      const last = [...log].reverse().find((e) => e.row === row);
      if (!last || last.status !== status || last.text !== text)
        log.push({ row, status, text, bar: !!el.querySelector('[role="progressbar"]') });
    };
    const sel = '[data-testid^="dak-file-row-"]';
    const observer = new g.MutationObserver(() => {
      for (const el of g.document.querySelectorAll(sel)) note(el);
      const q = (g.document.querySelector('[data-testid="dak-queue"]')?.textContent ?? '').trim();
      if (q !== queue[queue.length - 1]) queue.push(q);
    });
    observer.observe(g.document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-status', 'aria-valuenow'],
    });
  });
}
const rowLog = (page: Page) => page.evaluate(() => (globalThis as any).__dakRows as StatusEntry[]);
const queueLog = (page: Page) => page.evaluate(() => (globalThis as any).__dakQueue as string[]);

describe('dak: drop three letters, diarise one from its OCR, send it to the Reader who sees it live', () => {
  let readerPostId: string;
  let rowsBefore: string[];
  let receiptId: string;
  let diaryNumber: string;

  beforeAll(async () => {
    reader = await e2e.newPage();
    readerSocket = watchRealtime(reader);
    await login(reader, 'reader.sp', 'en');
    await reader.getByTestId('nav-inbox').click();
    await reader.waitForURL((url) => url.pathname === '/inbox');
    await reader.getByTestId('inbox-table').waitFor();
    await vi.waitFor(() => expect(readerSocket.connects()).toBeGreaterThanOrEqual(1), POLL);
    // the rows shown before anything is sent: what the API lists (no loading mask left)
    const listed = await apiGet(reader, '/api/inbox?tab=inbox&sort=received&page=1&pageSize=25');
    await vi.waitFor(async () => {
      expect(await reader.locator('.p-datatable-mask').count()).toBe(0);
      expect(await inboxRowIds(reader)).toEqual(listed.items.map((i: any) => `inbox-row-${i.id}`));
    }, POLL);
    rowsBefore = await inboxRowIds(reader);
    await markRealm(reader);

    dak = await e2e.newPage();
    await login(dak, 'dak.sp', 'en');
    const posts = await apiGet(dak, `/api/org/posts?q=${READER.code}`);
    const found = posts.items.filter((p: any) => p.code === READER.code);
    expect(found).toHaveLength(1);
    readerPostId = found[0].id;
  });

  it('the dak clerk drops three scans at once and watches each row go from upload through OCR to ready', async () => {
    await dak.getByTestId('nav-dak').click();
    await dak.waitForURL((url) => url.pathname === '/dak');
    expect(await dak.getByTestId('nav-dak').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => textOf(dak, 'dak-queue'), POLL).toBe(en.dak.queueEmpty);
    await recordDakRows(dak);

    const m = await fixtures();
    await dak.getByTestId('dak-drop-input').setInputFiles(FILES.map((f) => path.join(m.dir, f)));
    const started = Date.now();

    // one row per file, in the order given
    for (const [i, file] of FILES.entries()) {
      await dak.getByTestId(`dak-file-row-${i}`).waitFor();
      expect(await dak.getByTestId(`dak-file-row-${i}`).locator('.upload-name').textContent()).toBe(file);
    }
    expect(await dak.getByTestId('dak-file-row-3').count()).toBe(0);
    expect(await dak.getByTestId('dak-queue').isVisible()).toBe(true);
    // while the server works the indicator counts the waiting pages
    await expect.poll(async () => (await queueLog(dak)).some((q) => q.startsWith('Waiting on the server — ')), POLL).toBe(true);

    const statuses = () => Promise.all(FILES.map((_, i) => dak.getByTestId(`dak-file-row-${i}`).getAttribute('data-status')));
    await expect.poll(statuses, OCR_POLL).toEqual(['ready', 'ready', 'ready']);
    const elapsed = Date.now() - started;

    const log = await rowLog(dak);
    for (const [i, file] of FILES.entries()) {
      const seen = log.filter((e) => e.row === `dak-file-row-${i}`);
      const sequence = seen.map((e) => e.status).filter((s, k, all) => k === 0 || all[k - 1] !== s);
      const where = `${file}: ${sequence.join(' → ')} (in ${elapsed} ms)`;
      // every stage, in order: the pages are queued when the upload answers, and OCR takes seconds a page
      expect(sequence, where).toEqual(['uploading', 'processing', 'ocr', 'ready']);
      // a progress bar the whole time, none of the rows was refused
      expect(
        seen.every((e) => e.bar),
        where,
      ).toBe(true);
      expect(seen.at(-1)!.text, where).toBe(en.dak.status.ready.split(' | ')[PAGES[i] === 1 ? 0 : 1]!.replace('{pages}', String(PAGES[i])));
      expect(await dak.getByTestId(`dak-file-message-${i}`).count()).toBe(0);
    }
    // uploads reported their progress and, once every byte was sent, that the server prepares the pages
    // (never "Uploading… 100%" while the server splits a PDF); the two-page PDF was followed page by page
    for (let i = 0; i < FILES.length; i++) {
      const uploading = log.filter((e) => e.row === `dak-file-row-${i}` && e.status === 'uploading').map((e) => e.text);
      expect(uploading.at(-1), FILES[i]).toBe(en.dak.status.sent);
      expect(uploading, FILES[i]).not.toContain('Uploading… 100%');
    }
    const pdfTexts = log.filter((e) => e.row === 'dak-file-row-2' && e.status !== 'uploading').map((e) => e.text);
    expect(pdfTexts[0]).toBe('Preparing page 1 of 2');
    expect(
      pdfTexts.filter((x) => x.startsWith('Reading text (OCR): page ')).every((x) => /^Reading text \(OCR\): page [12] of 2$/.test(x)),
    ).toBe(true);

    // the queue drains, and every letter is a draft on this desk (the list follows the hints)
    await expect.poll(() => textOf(dak, 'dak-queue'), POLL).toBe(en.dak.queueEmpty);
    for (let i = 0; i < FILES.length; i++) await dak.getByTestId(`dak-file-diarise-${i}`).waitFor();
    const ids = await Promise.all(
      FILES.map(
        async (_, i) =>
          /\/receipts\/([^/]+)\/diarise$/.exec((await dak.getByTestId(`dak-file-diarise-${i}`).getAttribute('href')) ?? '')?.[1],
      ),
    );
    expect(ids.every(Boolean)).toBe(true);
    for (const id of ids) await dak.getByTestId(`dak-draft-${id}`).waitFor();
    receiptId = ids[ENGLISH]!;
    await expectNoAxeViolations(dak, 'dak desk after three uploads');
  }, 110_000);

  it('the diarise form of the English letter is pre-filled from its OCR and marked as suggested; saving gives a diary number', async () => {
    await dak.getByTestId(`dak-file-diarise-${ENGLISH}`).click();
    await dak.waitForURL((url) => url.pathname === `/receipts/${receiptId}/diarise`);
    await dak.getByTestId('diarise-subject').waitFor();

    await expect.poll(() => dak.getByTestId('diarise-letterNumber').inputValue(), POLL).toContain('45/2026');
    expect(await dak.getByTestId('diarise-subject').inputValue()).toContain('Security arrangements');
    // the DatePicker shows YYYY-MM-DD (date-format "yy-mm-dd")
    expect(await dak.getByTestId('diarise-letterDate').inputValue()).toBe('12.11.2026');
    for (const field of ['letterNumber', 'subject', 'letterDate']) {
      expect(await dak.getByTestId(`diarise-${field}`).getAttribute('data-suggested'), field).toBe('true');
      expect(await dak.locator(`#diarise-${field}-hint`).textContent(), field).toContain(en.diarise.suggested);
    }
    expect(await dak.getByTestId('diarise-language').getAttribute('data-suggested')).toBe('true');
    expect(await textOf(dak, 'diarise-language')).toBe('English');
    // the sender comes from the "From:" line; the first field has focus
    expect(await dak.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('data-testid'))).toBe('diarise-sender');
    expect(await dak.getByTestId('diarise-sender').inputValue()).toBe('Additional District Magistrate, Bareilly');
    expect(await dak.getByTestId('diarise-sender').getAttribute('data-suggested')).toBe('true');
    expect(await dak.getByTestId('diarise-receivedDate').inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(await textOf(dak, 'diarise-mode')).toBe('Post');
    // the page image beside the form
    await dak.getByTestId('page-image').waitFor();
    await expectNoAxeViolations(dak, 'diarise form');

    // a change removes the "suggested" mark of that field only
    await dak.getByTestId('diarise-subject').fill('Security arrangements for the panchayat by-election, Rampur');
    expect(await dak.getByTestId('diarise-subject').getAttribute('data-suggested')).toBeNull();
    expect(await dak.getByTestId('diarise-letterNumber').getAttribute('data-suggested')).toBe('true');

    // Ctrl+Enter saves from any field
    await dak.getByTestId('diarise-category').fill('Election');
    await dak.getByTestId('diarise-category').press('Control+Enter');
    await dak.getByTestId('diarised-panel').waitFor();
    diaryNumber = await textOf(dak, 'diary-number');
    const year = new Date(Date.now() + 5.5 * 3600_000).getUTCFullYear();
    expect(diaryNumber).toMatch(new RegExp(`^PBT/SP/${year}/\\d{6}$`));

    const saved = await apiGet(dak, `/api/receipts/${receiptId}`);
    expect(saved).toMatchObject({
      status: 'diarised',
      diaryNumber,
      letterDate: '2026-11-12',
      subject: 'Security arrangements for the panchayat by-election, Rampur',
      category: 'Election',
      language: 'en',
      mode: 'post',
    });
    expect(saved.letterNumber).toContain('45/2026');
    expect(saved.sender).toBe('Additional District Magistrate, Bareilly');
  });

  it('the clerk sends it to the Reader, whose open inbox shows it as unread without a reload', async () => {
    const hintsBefore = readerSocket.hints.length;
    // saved with Ctrl+Enter, the receipt goes straight on to sending: the dialog is open on its post picker
    const dialog = dak.getByRole('dialog', { name: `Send receipt ${diaryNumber}` });
    await dialog.waitFor();
    await expect.poll(() => dak.evaluate(() => (globalThis as any).document.activeElement?.id), POLL).toBe('send-to');
    await pickOption(dak, 'send-to', { testId: `send-to-option-${readerPostId}` }, 'Reader');
    await expect.poll(() => textOf(dak, 'send-to'), POLL).toBe(READER.label);
    await dak.getByTestId('send-remarks').fill('Please put up');
    await dak.getByTestId('send-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await dak.getByTestId('diarised-panel').textContent()) ?? '', POLL).toContain(en.diarise.sentNote);
    expect(await dak.getByTestId('receipt-send').count()).toBe(0);

    // the Reader's page: same JavaScript realm, new row on top, unread
    const row = reader.getByTestId(`inbox-row-${receiptId}`);
    await row.waitFor({ timeout: POLL.timeout });
    expect(await realmMark(reader)).toBe('still-here');
    expect(readerSocket.hints.slice(hintsBefore)).toContainEqual({ entity: 'inbox', ids: [receiptId] });
    expect(await row.getAttribute('data-unread')).toBe('true');
    expect(await reader.getByTestId(`inbox-unread-${receiptId}`).getAttribute('aria-label')).toBe(en.inbox.unread);
    expect(await textOf(reader, `inbox-open-${receiptId}`)).toBe(diaryNumber);
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('Security arrangements for the panchayat by-election, Rampur');
    expect(rowText).toContain('Dak Clerk, SP Office');
    expect(await inboxRowIds(reader)).toEqual([`inbox-row-${receiptId}`, ...rowsBefore]);
    await expectNoAxeViolations(reader, 'Reader’s inbox with the new receipt');
  });

  it('the Reader opens it: page image and OCR text; back in the inbox it is no longer unread', async () => {
    const row = reader.getByTestId(`inbox-row-${receiptId}`);
    await row.locator('.subject').click(); // the subject cell: a click on the row opens the receipt
    await reader.waitForURL((url) => url.pathname === `/receipts/${receiptId}`);
    expect(await textOf(reader, 'diary-number')).toBe(diaryNumber);
    expect(await textOf(reader, 'receipt-holder')).toContain('Reader to SP');

    const image = reader.getByTestId('page-image');
    await image.waitFor();
    await expect.poll(() => image.evaluate((img) => (img as any).complete && (img as any).naturalWidth), POLL).toBeGreaterThan(0);
    await expect.poll(() => textOf(reader, 'ocr-text'), POLL).toContain('Superintendent');
    await expectNoAxeViolations(reader, 'receipt view of the Reader');
    const sent = (await apiGet(reader, `/api/receipts/${receiptId}`)).movements.find((mv: any) => mv.remarks === 'Please put up');
    expect(sent).toMatchObject({ kind: 'send', to: { code: READER.code } });
    expect(await reader.getByTestId(`movement-${sent.id}`).textContent()).toContain('Please put up');

    await reader.getByTestId('nav-inbox').click();
    await reader.waitForURL((url) => url.pathname === '/inbox');
    await expect.poll(() => row.getAttribute('data-unread'), POLL).toBe('false');
    expect(await reader.getByTestId(`inbox-unread-${receiptId}`).count()).toBe(0);
    expect(await realmMark(reader)).toBe('still-here');
  });
});
