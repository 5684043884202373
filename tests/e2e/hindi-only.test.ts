/**
 * The Hindi UI speaks Hindi (issue 14 item 12): a walk through the main pages in Hindi — inbox, dak,
 * a receipt, a file with a page reference, pendency, search, the public verify page with a bad code,
 * My DSC — finds no English word outside an allow-list (codes, names and data this test made, units
 * such as PDF), and known strings that used to show in English (the code check's reason, page
 * references "p. 1/C", am/pm times, "YYYY-MM-DD") come in Hindi.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { login, POLL, startE2E, type E2E } from '../support/browser.js';

let e2e: E2E;
let sho: ApiClient;
let munshi: ApiClient;
let receipt: { id: string; diaryNumber: string };
let file: { id: string; fileNumber: string };

const SUBJECT = 'बरखेड़ा में सीमा विवाद की शिकायत';
const SENDER = 'ग्राम प्रधान, बरखेड़ा';
const NOTE = 'कृपया संलग्न पत्र देखें और जाँच आख्या प्रस्तुत करें।';

/**
 * Latin words that may stand in Hindi pages: the product's name, units and standard abbreviations
 * officials use in Hindi too, and the login names, codes and numbers of the demo office and of what
 * this test made (checked separately: anything with a digit, a slash or a hyphen is a code).
 */
const ALLOWED = new Set(['Patravali', 'English', 'Enter', 'Tab', 'Esc', 'ProxKey', 'Windows', 'Linux', 'Ubuntu', 'BOSS', 'Node.js']);
/** Codes and abbreviations: anything with a digit or a sign (PBT/SP/2026/000117, sho.kotwali, Ctrl+Enter), or in capitals (PDF, DSC, ACCTS). */
const isCode = (w: string) => /[\d/_.@+-]/.test(w) || /^[A-Z]{2,8}$/.test(w);

/** The Latin words of what a person sees or hears on the page: visible text, placeholders, labels and titles. */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    // commands to type (sudo apt install ./…) are shown as code, in Latin as they must be typed
    let body: string = doc.body.innerText;
    for (const code of doc.querySelectorAll('code')) body = body.replace(code.innerText, ' ');
    const parts: string[] = [body, doc.title];
    for (const el of doc.querySelectorAll('[placeholder],[aria-label],[title]')) {
      for (const a of ['placeholder', 'aria-label', 'title']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
  // web addresses are codes too
  const words = text
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .split(/[\s()[\],;:“”"'‘’!?|·—–•…।]+/)
    .filter((w) => /[A-Za-z]{2,}/.test(w));
  return [...new Set(words.filter((w) => !ALLOWED.has(w) && !isCode(w)))];
}

beforeAll(async () => {
  e2e = await startE2E({ SIGNING_AGENT_URL: 'http://127.0.0.1:9' });
  [sho, munshi] = await Promise.all([loggedIn(e2e.base, 'sho.kotwali'), loggedIn(e2e.base, 'munshi.kotwali')]);
  const admin = await loggedIn(e2e.base, 'admin');
  const posts = Object.fromEntries((await admin.get('/api/org/posts?pageSize=200')).body.items.map((p: any) => [p.code, p.id]));
  const made = await munshi.post('/api/receipts', {
    receivedDate: '2026-12-01',
    mode: 'post',
    sender: SENDER,
    subject: SUBJECT,
    dueDate: '2026-12-20',
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  receipt = { id: made.body.receipt.id, diaryNumber: made.body.diaryNumber };
  const sent = await munshi.post(`/api/receipts/${receipt.id}/send`, {
    version: made.body.receipt.version,
    toPostId: posts['PBT-PS-KOTWALI-SHO'],
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const head = (await sho.get('/api/file-heads')).body.items[0];
  const r = (await sho.get(`/api/receipts/${receipt.id}`)).body;
  const opened = await sho.post('/api/files', {
    headId: head.id,
    subject: `${SUBJECT} — जाँच`,
    receiptId: receipt.id,
    receiptVersion: r.version,
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  file = { id: opened.body.id, fileNumber: opened.body.fileNumber };
  const noted = await sho.post(`/api/files/${file.id}/notes`, {
    version: opened.body.version,
    body: `<p>${NOTE} <a data-page="1">p. 1/C</a></p>`,
  });
  expect(noted.status, JSON.stringify(noted.body)).toBe(200);
});
afterAll(async () => e2e?.close());

describe('the Hindi UI shows no English', () => {
  let page: Page;
  const seen: Record<string, string[]> = {};

  async function visit(name: string, path: string, ready: (p: Page) => Promise<unknown>) {
    await page.goto(path);
    await ready(page);
    await page.waitForLoadState('networkidle');
    seen[name] = await latinWords(page);
  }

  it('walks the main pages of the SHO and the dak clerk', async () => {
    page = await e2e.newPage();
    await login(page, 'munshi.kotwali', 'hi');
    await visit('dak', '/dak', (p) => p.getByTestId('nav-dak').waitFor());
    await visit('dak register', '/dak/register', (p) => p.getByTestId('diarise-sender').waitFor());
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login**');

    await login(page, 'sho.kotwali', 'hi');
    await visit('inbox', '/inbox', (p) => p.getByTestId('inbox-table').waitFor());
    await visit('receipt', `/receipts/${receipt.id}`, (p) => p.getByText(SUBJECT, { exact: true }).first().waitFor());
    await visit('file', `/files/${file.id}`, (p) => p.getByText(NOTE).first().waitFor());
    await visit('pendency', '/pendency', (p) => p.locator('main h1').first().waitFor());
    await visit('search', `/search?q=${encodeURIComponent('सीमा')}`, (p) => p.getByText(receipt.diaryNumber).first().waitFor());
    await visit('my dsc', '/signing', (p) => p.getByTestId('agent-install').waitFor());
    await visit('files', '/files', (p) => p.locator('main h1').first().waitFor());
    await visit('verify (bad code)', '/verify/not-a-real-code', (p) => p.getByTestId('verify-token').waitFor());
    await visit('verify', '/verify', (p) => p.locator('main h1, h1').first().waitFor());

    for (const [name, words] of Object.entries(seen)) expect(words, `English words on ${name}`).toEqual([]);
  });

  it('says the known strings in Hindi', async () => {
    // the bad code's reason, in words
    await page.goto('/verify/not-a-real-code');
    const reason = page.getByTestId('verify-token-reason');
    await expect.poll(() => reason.textContent(), POLL).toContain(hi.verify.code.reason.malformed);
    // the page reference of the note, and times without am/pm
    await page.goto(`/files/${file.id}`);
    await page.getByText(NOTE).first().waitFor();
    expect(await page.locator('main a.ref-page').first().textContent()).toBe('पृ. 1/प');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toMatch(/\b(am|pm)\b|p\. \d+\/C/);
  });
});
