/**
 * What offices print, reached from the UI (issue 14, item 6): the dak clerk's Registers page (diary,
 * sent and dispatch registers of a day, in the register's columns with exact times DD.MM.YYYY HH:mm,
 * printable from the page, as PDF and as CSV), the exact times and the sent register's export on the
 * desk's Sent tab, the acknowledgement slip after registering a hand-delivered letter, a receipt's
 * cover sheet, and a file's notesheet and cover — in Hindi and English. The PDFs are read back with
 * poppler's pdftotext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { expectNoAxeViolations, login, pickOption, POLL, startE2E, textOf, type E2E } from '../support/browser.js';

let e2e: E2E;
let dak: ApiClient;
let reader: ApiClient;
const dir = mkdtempSync(path.join(os.tmpdir(), 'registers-e2e-'));

/** Today in India, YYYY-MM-DD, and as DD.MM.YYYY. */
const istNow = () => new Date(Date.now() + 5.5 * 3600_000);
const today = () => istNow().toISOString().slice(0, 10);
const dmy = (iso: string) => iso.split('-').reverse().join('.');
/** An exact moment as the register shows it: its IST date and 24-hour time, worked out here by hand. */
const dmyTime = (at: string) => {
  const ist = new Date(Date.parse(at) + 5.5 * 3600_000).toISOString();
  return `${dmy(ist.slice(0, 10))} ${ist.slice(11, 16)}`;
};

interface Registered {
  id: string;
  diaryNumber: string;
  diarisedAt: string;
}
const receipts: Registered[] = [];
let sentReceipt: Registered;
/** The sent register's entry of it: sent at, and opened by the Reader at. */
let sentTimes: string[];
let fileId: string;
let fileNumber: string;

/** GETs a document as the page's user (the browser's cookies); PDFs are read back with pdftotext. */
async function fetchDoc(page: Page, href: string) {
  const res = await page.request.get(href);
  expect(res.status(), `GET ${href}`).toBe(200);
  const body = await res.body();
  const type = res.headers()['content-type'] ?? '';
  let text = '';
  if (type === 'application/pdf') {
    const file = path.join(dir, `${randomUUID()}.pdf`);
    writeFileSync(file, body);
    text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } else text = body.toString('utf8');
  return { type, text, body };
}

async function hrefOf(page: Page, testId: string): Promise<string> {
  const href = await page.getByTestId(testId).getAttribute('href');
  expect(href, testId).toBeTruthy();
  return href!;
}

/** The register's rows as shown: diary (or issue) number and the exact-time cells' text. */
const rowsShown = (page: Page) =>
  page
    .getByTestId('registers-table')
    .locator('tbody tr[data-testid^="register-row-"]')
    .evaluateAll((rows) =>
      rows.map((r: any) => ({
        number: r.getAttribute('data-number') as string,
        times: [...r.querySelectorAll('time.exact')].map((t: any) => t.textContent.trim() as string),
      })),
    );
const headers = (page: Page) =>
  page
    .getByTestId('registers-table')
    .locator('thead th')
    .allTextContents()
    .then((h) => h.map((s) => s.trim()));

beforeAll(async () => {
  e2e = await startE2E();
  [dak, reader] = await Promise.all([loggedIn(e2e.base, 'dak.sp'), loggedIn(e2e.base, 'reader.sp')]);
  const posts = Object.fromEntries((await dak.get('/api/org/posts?pageSize=200')).body.items.map((p: any) => [p.code, p.id]));
  for (const [subject, extra] of [
    ['Theft of a motorcycle near the bus stand', {}],
    ['भूमि विवाद के संबंध में शिकायती प्रार्थना पत्र', { mode: 'by_hand', sender: 'रामपाल सिंह, ग्राम बरखेड़ा', language: 'hi' }],
  ] as const) {
    const res = await dak.post('/api/receipts', {
      receivedDate: today(),
      mode: 'post',
      sender: 'SHO, PS Kotwali',
      letterNumber: 'KOT/212/2026',
      letterDate: today(),
      subject,
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    receipts.push({ id: res.body.receipt.id, diaryNumber: res.body.diaryNumber, diarisedAt: '' });
  }
  // the diary register's own times
  const register = (await dak.get('/api/dak/diary-register?pageSize=200')).body;
  for (const r of receipts) r.diarisedAt = register.items.find((e: any) => e.id === r.id).diarisedAt;
  // the first is sent to the Reader (the sent register), who opens a file from it
  sentReceipt = receipts[0]!;
  const current = (await dak.get(`/api/receipts/${sentReceipt.id}`)).body;
  const sent = await dak.post(`/api/receipts/${sentReceipt.id}/send`, {
    version: current.version,
    toPostId: posts['PBT-SP-READER'],
    remarks: 'Please put up',
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const withReader = (await reader.get(`/api/receipts/${sentReceipt.id}`)).body;
  const head = (await reader.get('/api/file-heads')).body.items.find((h: any) => h.code === 'CRIME');
  const opened = await reader.post('/api/files', {
    headId: head.id,
    subject: 'Motorcycle thefts, 2026',
    receiptId: sentReceipt.id,
    receiptVersion: withReader.version,
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  fileId = opened.body.id;
  fileNumber = opened.body.fileNumber;
  const entry = (await dak.get('/api/dak/sent-register')).body.items.find((e: any) => e.receiptId === sentReceipt.id);
  expect(entry.openedAt).toBeTruthy();
  sentTimes = [dmyTime(entry.sentAt), dmyTime(entry.openedAt)];
}, 120_000);
afterAll(async () => e2e?.close());

describe('the Registers page of the dak clerk', () => {
  it('in English: today’s diary register with exact times, printable, as PDF and CSV; the sent and dispatch registers', async () => {
    const page = await e2e.newPage();
    await login(page, 'dak.sp', 'en');
    await page.getByTestId('nav-registers').click();
    await page.waitForURL((url) => url.pathname === '/registers');
    expect((await page.locator('#page-heading').textContent())?.trim()).toBe(en.registers.title);
    await page.getByTestId('registers-table').locator('tbody tr[data-testid^="register-row-"]').first().waitFor();
    expect(await textOf(page, 'register-heading')).toBe(en.registers.diary.title);
    expect(await textOf(page, 'register-period')).toBe(`Date: ${dmy(today())}`);
    expect(await headers(page)).toEqual([
      en.registers.diary.diaryNo,
      en.registers.diary.diarisedAt,
      en.registers.diary.received,
      en.registers.diary.mode,
      en.registers.diary.sender,
      en.registers.diary.letter,
      en.registers.diary.subject,
      en.registers.diary.markedTo,
      en.registers.diary.remarks,
    ]);
    expect(await rowsShown(page)).toEqual(receipts.map((r) => ({ number: r.diaryNumber, times: [dmyTime(r.diarisedAt)] })));
    for (const r of await rowsShown(page)) expect(r.times[0]).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    const handRow = page.getByTestId(`register-row-${receipts[1]!.id}`);
    expect(await handRow.textContent()).toContain(en.mode.by_hand);
    expect(await handRow.textContent()).toContain(`KOT/212/2026 dt. ${dmy(today())}`);
    expect(await page.getByTestId(`register-row-${sentReceipt.id}`).textContent()).toContain(
      'Reader to SP — Office of the Superintendent of Police, Pilibhit',
    );
    await expectNoAxeViolations(page, 'registers page');

    // Print: the browser's print of this page, which leaves the app's bars off the sheet
    await page.evaluate(
      () => ((globalThis as any).print = () => ((globalThis as any).__printed = ((globalThis as any).__printed ?? 0) + 1)),
    );
    await page.getByTestId('registers-print').click();
    expect(await page.evaluate(() => (globalThis as any).__printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.mainnav').isVisible()).toBe(false);
    expect(await page.getByTestId('registers-print').isVisible()).toBe(false);
    expect(await page.getByTestId('registers-table').isVisible()).toBe(true);
    expect(await page.getByTestId('register-heading').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // CSV: a real download
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('registers-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    for (const r of receipts) expect(csv).toContain(r.diaryNumber);
    const csvDoc = await fetchDoc(page, await hrefOf(page, 'registers-csv'));
    expect(csvDoc.type).toMatch(/^text\/csv/);
    // PDF: the server's register, in English
    const pdfHref = await hrefOf(page, 'registers-pdf');
    expect(pdfHref).toBe(`/api/dak/diary-register/export?from=${today()}&to=${today()}&format=pdf&lang=en`);
    expect(await page.getByTestId('registers-pdf').getAttribute('target')).toBe('_blank');
    const pdf = await fetchDoc(page, pdfHref);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.text).toContain('Diary register');
    for (const r of receipts) expect(pdf.text).toContain(r.diaryNumber);

    // the sent register: the movement with its exact time
    await page.getByTestId('registers-tab-sent').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'sent');
    await expect.poll(() => rowsShown(page), POLL).toEqual([{ number: sentReceipt.diaryNumber, times: sentTimes }]);
    expect(await textOf(page, 'register-heading')).toBe(en.registers.sent.title);
    const sentPdf = await fetchDoc(page, await hrefOf(page, 'registers-pdf'));
    expect(sentPdf.type).toBe('application/pdf');
    expect(sentPdf.text).toContain(sentReceipt.diaryNumber);
    expect((await fetchDoc(page, await hrefOf(page, 'registers-csv'))).text).toContain(sentReceipt.diaryNumber);

    // the dispatch register: nothing issued today, still printable
    await page.getByTestId('registers-tab-dispatch').click();
    await page.getByTestId('registers-empty').waitFor();
    expect(await textOf(page, 'registers-empty')).toBe(en.registers.dispatch.empty);
    const dispatchPdf = await fetchDoc(page, await hrefOf(page, 'registers-pdf'));
    expect(dispatchPdf.type).toBe('application/pdf');
    expect(await hrefOf(page, 'registers-csv')).toBe(`/api/dispatch/export?from=${today()}&to=${today()}&format=csv&lang=en`);

    // a period that ends before it starts is refused with a clear message, not sent to the server
    await page.goto(`/registers?from=${today()}&to=2020-01-01`);
    expect(await textOf(page, 'registers-bad-period')).toBe(en.registers.badPeriod);
  });

  it('in Hindi: the same register, labelled in Hindi, times as DD.MM.YYYY HH:mm, the PDF in Hindi', async () => {
    const page = await e2e.newPage();
    await login(page, 'dak.sp', 'hi');
    expect((await page.getByTestId('nav-registers').textContent())?.trim()).toBe(hi.nav.registers);
    await page.getByTestId('nav-registers').click();
    await page.getByTestId('registers-table').locator('tbody tr[data-testid^="register-row-"]').first().waitFor();
    expect((await page.locator('#page-heading').textContent())?.trim()).toBe(hi.registers.title);
    expect(await textOf(page, 'register-heading')).toBe(hi.registers.diary.title);
    expect(await textOf(page, 'register-period')).toBe(`दिनांक: ${dmy(today())}`);
    expect((await headers(page)).slice(0, 3)).toEqual([
      hi.registers.diary.diaryNo,
      hi.registers.diary.diarisedAt,
      hi.registers.diary.received,
    ]);
    expect(await rowsShown(page)).toEqual(receipts.map((r) => ({ number: r.diaryNumber, times: [dmyTime(r.diarisedAt)] })));
    expect(await page.getByTestId(`register-row-${receipts[1]!.id}`).textContent()).toContain(hi.mode.by_hand);
    expect((await page.getByTestId('registers-print').textContent())?.trim()).toBe(hi.registers.print);
    expect((await page.getByTestId('registers-csv').textContent())?.trim()).toBe(hi.registers.csv);
    expect((await page.getByTestId('registers-pdf').textContent())?.trim()).toBe(hi.registers.pdf);
    const pdfHref = await hrefOf(page, 'registers-pdf');
    expect(pdfHref).toContain('lang=hi');
    const pdf = await fetchDoc(page, pdfHref);
    expect(pdf.type).toBe('application/pdf');
    for (const r of receipts) expect(pdf.text).toContain(r.diaryNumber);
    const csv = await fetchDoc(page, await hrefOf(page, 'registers-csv'));
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toContain(receipts[1]!.diaryNumber);
    await expectNoAxeViolations(page, 'registers page in Hindi');
  });

  it('the desk’s Sent tab shows exact times and links the sent register and its export (English and Hindi)', async () => {
    for (const lang of ['en', 'hi'] as const) {
      const page = await e2e.newPage();
      await login(page, 'dak.sp', lang);
      await page.goto('/inbox?tab=sent');
      const since = page.getByTestId(`inbox-since-${sentReceipt.id}`);
      await since.waitFor();
      expect((await since.textContent())?.trim()).toBe(sentTimes[0]);
      const link = page.getByTestId('inbox-sent-register-link');
      expect((await link.textContent())?.trim()).toBe((lang === 'en' ? en : hi).registers.sentTabLink);
      const csv = await fetchDoc(page, await hrefOf(page, 'inbox-sent-register-csv'));
      expect(csv.type).toMatch(/^text\/csv/);
      expect(csv.text).toContain(sentReceipt.diaryNumber);
      await link.click();
      await page.waitForURL((url) => url.pathname === '/registers' && url.searchParams.get('tab') === 'sent');
      await expect.poll(() => rowsShown(page), POLL).toEqual([{ number: sentReceipt.diaryNumber, times: sentTimes }]);
    }
  });
});

describe('printing from the receipt, the diarise answer and the file', () => {
  it('after registering a letter delivered by hand, the clerk prints its acknowledgement slip', async () => {
    const page = await e2e.newPage();
    await login(page, 'dak.sp', 'en');
    await page.goto('/dak/register');
    await page.getByTestId('diarise-sender').fill('Ram Pal Singh, village Barkheda');
    await page.getByTestId('diarise-subject').fill('Complaint about a land dispute');
    await pickOption(page, 'diarise-mode', { name: en.mode.by_hand });
    await page.getByTestId('diarise-subject').press('Control+Enter');
    await page.getByTestId('diarised-panel').waitFor();
    const diaryNumber = await textOf(page, 'diary-number');
    const ack = page.getByTestId('diarise-print-ack');
    expect((await ack.textContent())?.trim()).toBe(en.print.printAck);
    const slip = await fetchDoc(page, await hrefOf(page, 'diarise-print-ack'));
    expect(slip.type).toBe('application/pdf');
    expect(slip.text).toContain(diaryNumber);
    expect(slip.text).toContain('Acknowledgement');
  });

  it('the receipt view prints its cover sheet (and a hand-delivered letter’s acknowledgement), in English and Hindi', async () => {
    for (const lang of ['en', 'hi'] as const) {
      const page = await e2e.newPage();
      await login(page, 'dak.sp', lang);
      await page.goto(`/receipts/${receipts[1]!.id}`);
      const cover = page.getByTestId('receipt-print-cover');
      await cover.waitFor();
      expect((await cover.textContent())?.trim()).toBe((lang === 'en' ? en : hi).print.printCover);
      const href = await hrefOf(page, 'receipt-print-cover');
      expect(href).toContain(`lang=${lang}`);
      const pdf = await fetchDoc(page, href);
      expect(pdf.type).toBe('application/pdf');
      expect(pdf.text).toContain(receipts[1]!.diaryNumber);
      expect((await page.getByTestId('receipt-print-ack').textContent())?.trim()).toBe((lang === 'en' ? en : hi).print.printAck);
      const slip = await fetchDoc(page, await hrefOf(page, 'receipt-print-ack'));
      expect(slip.type).toBe('application/pdf');
      expect(slip.text).toContain(receipts[1]!.diaryNumber);
    }
    // a letter that came by post has no acknowledgement slip to hand over
    const page = await e2e.newPage();
    await login(page, 'dak.sp', 'en');
    await page.goto(`/receipts/${sentReceipt.id}`);
    await page.getByTestId('receipt-print-cover').waitFor();
    expect(await page.getByTestId('receipt-print-ack').count()).toBe(0);
  });

  it('the file view prints the notesheet and the file cover, in English and Hindi', async () => {
    for (const lang of ['en', 'hi'] as const) {
      const page = await e2e.newPage();
      await login(page, 'reader.sp', lang);
      await page.goto(`/files/${fileId}`);
      const notesheet = page.getByTestId('file-print-notesheet');
      await notesheet.waitFor();
      const words = lang === 'en' ? en : hi;
      expect((await notesheet.textContent())?.trim()).toBe(words.print.printNotesheet);
      expect((await page.getByTestId('file-print-cover').textContent())?.trim()).toBe(words.print.printFileCover);
      for (const testId of ['file-print-notesheet', 'file-print-cover']) {
        const href = await hrefOf(page, testId);
        expect(href).toContain(`lang=${lang}`);
        const pdf = await fetchDoc(page, href);
        expect(pdf.type, testId).toBe('application/pdf');
        expect(pdf.text, testId).toContain(fileNumber);
      }
    }
  });
});
