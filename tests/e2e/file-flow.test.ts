/**
 * The eFile flow in two real browsers, the Reader's and the SP's, open at the same time. The dak
 * clerk (through the API) diarises a scanned two-page letter and sends it to the Reader, who opens
 * a file from it in the UI, writes a note referring to page 1 of the correspondence with the page
 * picker, and sends the file to the SP — whose open inbox shows it live. While the SP holds it the
 * Reader's view is read only. The SP finds note 1 final (green), adds note 2 and returns the file;
 * the Reader then sees both notes green, signed by each author.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import { loggedIn, type ApiClient } from '../support/api-client.js';
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
import { scanForm, waitForOcr } from '../support/scans.js';

let e2e: E2E;
let dak: ApiClient;
let reader: Page;
let readerSocket: RealtimeWatch;
let sp: Page;
let spSocket: RealtimeWatch;

const READER = {
  code: 'PBT-SP-READER',
  label: 'Reader to SP — Office of the Superintendent of Police, Pilibhit',
  user: 'Suresh Chandra Verma',
};
const SP = { code: 'PBT-SP-SP', label: 'Superintendent of Police — Office of the Superintendent of Police, Pilibhit', user: 'Anita Singh' };
const HEAD = 'CRIME';
/** Two pages, so that following a reference visibly moves the viewer from page 2 back to page 1. */
const SCAN = 'mixed-letter-multipage.pdf';
const LETTER_SUBJECT = 'Theft of a motorcycle near the Gandhi Stadium';
const FILE_SUBJECT = 'Motorcycle thefts in Kotwali circle, 2026';
const NOTE_1 = 'Kindly see the SHO’s report at [p. 1/C] and the list of stolen vehicles.';
const NOTE_2 = 'Seen. Register a case and put up the progress in a week.';

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

async function apiGet(page: Page, url: string): Promise<any> {
  const res = await page.request.get(url);
  expect(res.status(), `GET ${url}`).toBe(200);
  return res.json();
}

async function postId(code: string): Promise<string> {
  const found = (await dak.get(`/api/org/posts?q=${code}`)).body.items.filter((p: any) => p.code === code);
  expect(found).toHaveLength(1);
  return found[0].id;
}

const receiptRead = (receiptId: string) => waitForOcr(dak, receiptId);

/** The data-testids of the rows the inbox table shows. */
const inboxRowIds = (page: Page) =>
  page
    .getByTestId('inbox-table')
    .locator('tbody tr[data-testid^="inbox-row-"]')
    .evaluateAll((rows) => rows.map((r) => (r as any).getAttribute('data-testid') as string));

/** Marks the page's JavaScript realm; the mark is gone after any reload or full navigation. */
const markRealm = (page: Page) => page.evaluate(() => ((globalThis as any).__e2eRealm = 'still-here'));
const realmMark = (page: Page) => page.evaluate(() => (globalThis as any).__e2eRealm ?? null);

/** Opens the inbox from the navigation and waits until it shows what the API lists (no loading mask left). */
async function showInbox(page: Page): Promise<void> {
  await page.getByTestId('nav-inbox').click();
  await page.waitForURL((url) => url.pathname === '/inbox');
  await page.getByTestId('inbox-table').waitFor();
  const listed = await apiGet(page, '/api/inbox?tab=inbox&sort=received&page=1&pageSize=25');
  await vi.waitFor(async () => {
    expect(await page.locator('.p-datatable-mask').count()).toBe(0);
    expect(await inboxRowIds(page)).toEqual(listed.items.map((i: any) => `inbox-row-${i.id}`));
  }, POLL);
}

/** The number, state, edit/delete buttons, body and signature of every note the notesheet shows. */
function notesShown(page: Page) {
  return page
    .getByTestId('notesheet')
    .locator('li[data-testid^="note-"]')
    .evaluateAll((items) =>
      items.map((li: any) => {
        const no = li.getAttribute('data-testid').slice('note-'.length);
        return {
          no: Number(no),
          state: li.getAttribute('data-state') as string,
          edit: !!li.querySelector(`[data-testid="note-edit-${no}"]`),
          delete: !!li.querySelector(`[data-testid="note-delete-${no}"]`),
          text: (li.querySelector('.note-body')?.textContent ?? '').trim() as string,
          author: (li.querySelector('.note-author')?.textContent ?? '').trim() as string,
          post: (li.querySelector('.note-sign > span:nth-child(2)')?.textContent ?? '').trim() as string,
        };
      }),
    );
}

/** The text in the note editor, spaces collapsed. */
const editorText = async (editor: ReturnType<Page['getByTestId']>) => ((await editor.innerText()) ?? '').replace(/\s+/g, ' ').trim();

/** The page the correspondence viewer shows: its label ("p. 1/C — diary number") and whose thumbnail is current. */
async function viewerPage(page: Page) {
  const pane = page.getByTestId('correspondence');
  return {
    label: ((await pane.locator('.viewer-page-no').textContent()) ?? '').trim(),
    current: await pane
      .locator('[data-testid^="page-thumb-"][aria-current="true"]')
      .evaluateAll((els) => els.map((e) => (e as any).getAttribute('data-testid') as string)),
    alt: await pane.getByTestId('page-image').getAttribute('alt'),
  };
}

describe('eFile: open a file from a receipt, note with a page reference, send it to the SP and get it back', () => {
  let readerPostId: string;
  let spPostId: string;
  let headId: string;
  let receiptId: string;
  let diaryNumber: string;
  let fileId: string;
  let fileNumber: string;
  /** How many hints the Reader's page had received before the SP returned the file. */
  let readerHintsBeforeReturn: number;

  beforeAll(async () => {
    dak = await loggedIn(e2e.base, 'dak.sp');
    [readerPostId, spPostId] = await Promise.all([postId(READER.code), postId(SP.code)]);

    // Setup through the API, as the dak clerk: a scanned letter, diarised and sent to the Reader.
    // The two browsers log in while the server prepares and reads its pages.
    const uploaded = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: SCAN, type: 'application/pdf' }]));
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.receipts).toHaveLength(1);
    receiptId = uploaded.body.receipts[0].id;

    const browsers = (async () => {
      reader = await e2e.newPage();
      readerSocket = watchRealtime(reader);
      await login(reader, 'reader.sp', 'en');
      sp = await e2e.newPage();
      spSocket = watchRealtime(sp);
      await login(sp, 'sp', 'en');
    })();
    const [ready] = await Promise.all([receiptRead(receiptId), browsers]);
    expect(ready.pages.map((p: any) => p.status)).toEqual(['done', 'done']);
    const diarised = await dak.post(`/api/receipts/${receiptId}/diarise`, {
      version: ready.version,
      receivedDate: '2026-11-20',
      mode: 'post',
      sender: 'SHO, PS Kotwali',
      letterNumber: 'KOT/212/2026',
      letterDate: '2026-11-18',
      subject: LETTER_SUBJECT,
    });
    expect(diarised.status, JSON.stringify(diarised.body)).toBe(200);
    diaryNumber = diarised.body.diaryNumber;
    const sent = await dak.post(`/api/receipts/${receiptId}/send`, {
      version: diarised.body.receipt.version,
      toPostId: readerPostId,
      remarks: 'Please put up',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);

    const heads = await apiGet(reader, '/api/file-heads');
    headId = heads.items.find((h: any) => h.code === HEAD).id;

    // The SP's inbox is open, live (its socket in the post's room), before anything is sent to it.
    await showInbox(sp);
    await vi.waitFor(() => expect(spSocket.connects()).toBeGreaterThanOrEqual(1), POLL);
    await vi.waitFor(() => expect(readerSocket.connects()).toBeGreaterThanOrEqual(1), POLL);
    await markRealm(sp);
  }, 120_000);

  it('the Reader opens the receipt from the inbox and opens a file from it: numbered under the head, the letter is correspondence p. 1–2', async () => {
    await showInbox(reader);
    const row = reader.getByTestId(`inbox-row-${receiptId}`);
    expect(await row.getAttribute('data-type')).toBe('receipt');
    expect(await row.getAttribute('data-number')).toBe(diaryNumber);
    await row.locator('.subject').click(); // the subject cell
    await reader.waitForURL((url) => url.pathname === `/receipts/${receiptId}`);
    expect(await textOf(reader, 'diary-number')).toBe(diaryNumber);

    await reader.getByTestId('file-open-from-receipt').click();
    const dialog = reader.getByRole('dialog', { name: `Open a file from receipt ${diaryNumber}` });
    await dialog.waitFor();
    await reader.getByTestId('open-file-form').waitFor();
    // pre-filled from the receipt
    expect(await reader.getByTestId('open-file-subject').inputValue()).toBe(LETTER_SUBJECT);
    await expectNoAxeViolations(reader, 'open-file dialog');

    await pickOption(reader, 'open-file-head', { testId: `open-file-head-option-${headId}` }, HEAD);
    await expect.poll(() => textOf(reader, 'open-file-head'), POLL).toBe(`${HEAD} — Crime`);
    await reader.getByTestId('open-file-subject').fill(FILE_SUBJECT);
    await reader.getByTestId('open-file-keywords').fill('motorcycle theft, Kotwali');
    // the API's answer first (a refusal then says why, instead of a navigation that never comes), then
    // the in-page navigation (history API): wait for the address, not for a load event
    const [opened] = await Promise.all([
      reader.waitForResponse((r) => new URL(r.url()).pathname === '/api/files' && r.request().method() === 'POST'),
      reader.getByTestId('open-file-submit').click(),
    ]);
    expect(opened.status(), await opened.text()).toBe(201);
    await reader.waitForURL((url) => /^\/files\/[0-9a-f-]{36}$/.test(url.pathname), { waitUntil: 'commit' });
    fileId = new URL(reader.url()).pathname.split('/')[2]!;
    await dialog.waitFor({ state: 'hidden' });

    fileNumber = await textOf(reader, 'file-number');
    const year = new Date(Date.now() + 5.5 * 3600_000).getUTCFullYear();
    expect(fileNumber).toMatch(new RegExp(`^PBT/SP/${HEAD}/\\d+/${year}$`));
    expect(await textOf(reader, 'file-holder')).toBe(READER.label);
    expect((await reader.locator('#page-heading').textContent())?.trim()).toBe(FILE_SUBJECT);
    expect(await reader.getByTestId('notes-empty').isVisible()).toBe(true);

    // the letter is the first correspondence, pages 1–2 of the file's series; the viewer shows page 1
    expect(await reader.getByTestId('corr-2').count()).toBe(0);
    const corr = reader.getByTestId('corr-open-1');
    expect((await corr.locator('.corr-range').textContent())?.trim()).toBe('pp. 1–2/C');
    expect((await corr.locator('.corr-title').textContent())?.trim()).toBe(LETTER_SUBJECT);
    const image = reader.getByTestId('correspondence').getByTestId('page-image');
    await expect.poll(() => image.evaluate((img) => (img as any).complete && (img as any).naturalWidth), POLL).toBeGreaterThan(0);
    expect(await viewerPage(reader)).toEqual({ label: `p. 1/C — ${diaryNumber}`, current: ['page-thumb-1'], alt: 'Scanned page 1' });

    const saved = await apiGet(reader, `/api/files/${fileId}`);
    expect(saved).toMatchObject({
      fileNumber,
      subject: FILE_SUBJECT,
      keywords: ['motorcycle theft', 'kotwali'],
      holder: { code: READER.code },
      head: { code: HEAD },
    });
    expect(saved.correspondence).toHaveLength(1);
    expect(saved.correspondence[0]).toMatchObject({ seq: 1, firstPage: 1, lastPage: 2, receipt: { id: receiptId, diaryNumber } });
    expect((await apiGet(reader, `/api/receipts/${receiptId}`)).filedIn).toEqual({ id: fileId, fileNumber });
  });

  it('the Reader writes a note referring to p. 1/C with the page picker; it is yellow, and its reference opens page 1', async () => {
    const editor = reader.getByTestId('note-editor');
    await editor.click();
    await editor.pressSequentially('Kindly see the SHO’s report at');
    await reader.getByTestId('note-insert-page').click();
    const picker = reader.getByTestId('note-page-picker');
    await picker.waitFor();
    expect(
      await picker
        .locator('[data-testid^="note-page-option-"]')
        .evaluateAll((els) => els.map((e) => (e as any).getAttribute('data-testid'))),
    ).toEqual(['note-page-option-1', 'note-page-option-2']);
    await reader.getByTestId('note-page-option-1').click();
    await picker.waitFor({ state: 'hidden' });
    // the reference went in at the cursor as a chip, spaced, and the cursor is back in the editor after it
    await expect.poll(() => editorText(editor), POLL).toBe('Kindly see the SHO’s report at p. 1/C');
    expect(await editor.locator('.ref-chip-page').textContent()).toBe('p. 1/C');
    await expect
      .poll(() => reader.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('data-testid')), POLL)
      .toBe('note-editor');
    await reader.keyboard.type('and the list of stolen vehicles.');
    expect(await editorText(editor)).toBe(NOTE_1.replace('[p. 1/C]', 'p. 1/C'));
    expect(await reader.getByTestId('note-unknown-pages').count()).toBe(0);

    await reader.getByTestId('note-save').click();
    const note = reader.getByTestId('note-1');
    await note.waitFor();
    expect(await note.getAttribute('data-state')).toBe('yellow');
    await expect.poll(() => editorText(editor), POLL).toBe('');
    expect(await textOf(reader, 'file-action-done')).toBe(en.files.notes.added);
    expect(await notesShown(reader)).toEqual([
      {
        no: 1,
        state: 'yellow',
        edit: true,
        delete: true,
        text: NOTE_1.replace('[p. 1/C]', 'p. 1/C'),
        author: READER.user,
        post: READER.label,
      },
    ]);
    // the reference is a link
    const ref = note.locator('a.ref-page');
    expect(await ref.count()).toBe(1);
    expect(await ref.getAttribute('href')).toBe('#page-1');
    expect((await ref.textContent())?.trim()).toBe('p. 1/C');
    await expectNoAxeViolations(reader, 'file view with a yellow note');

    // look at page 2, then follow the reference: the viewer is back on page 1
    await reader.getByTestId('page-thumb-2').click();
    await expect
      .poll(() => viewerPage(reader), POLL)
      .toEqual({ label: `p. 2/C — ${diaryNumber}`, current: ['page-thumb-2'], alt: 'Scanned page 2' });
    await ref.click();
    await expect
      .poll(() => viewerPage(reader), POLL)
      .toEqual({ label: `p. 1/C — ${diaryNumber}`, current: ['page-thumb-1'], alt: 'Scanned page 1' });
    expect(new URL(reader.url()).pathname).toBe(`/files/${fileId}`); // an in-page action, not a navigation
    expect(await reader.getByTestId('corr-open-1').getAttribute('aria-current')).toBe('true');

    const saved = await apiGet(reader, `/api/files/${fileId}`);
    expect(saved.notes).toHaveLength(1);
    expect(saved.notes[0]).toMatchObject({ no: 1, state: 'yellow', refPages: [1], author: { code: READER.code } });
    expect(saved.notes[0].body).toContain('<a data-page="1">p. 1/C</a>');
  });

  it('the Reader sends the file to the SP, whose open inbox shows it live and unread', async () => {
    const hintsBefore = spSocket.hints.length;
    const rowsBefore = await inboxRowIds(sp);
    await reader.getByTestId('file-send').click();
    const dialog = reader.getByRole('dialog', { name: `Send file ${fileNumber}` });
    await dialog.waitFor();
    await pickOption(reader, 'send-to', { testId: `send-to-option-${spPostId}` }, 'Superintendent of Police');
    await expect.poll(() => textOf(reader, 'send-to'), POLL).toBe(SP.label);
    await reader.getByTestId('send-remarks').fill('For orders, please');
    await reader.getByTestId('send-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => textOf(reader, 'file-action-done'), POLL).toBe(en.send.sent);

    // the SP's page: same JavaScript realm, the file on top, unread, with its number
    const row = sp.getByTestId(`inbox-row-${fileId}`);
    await row.waitFor({ timeout: POLL.timeout });
    expect(await realmMark(sp)).toBe('still-here');
    expect(spSocket.hints.slice(hintsBefore)).toContainEqual({ entity: 'inbox', ids: [fileId] });
    expect(await row.getAttribute('data-type')).toBe('file');
    expect(await row.getAttribute('data-unread')).toBe('true');
    expect(await row.getAttribute('data-number')).toBe(fileNumber);
    expect(await sp.getByTestId(`inbox-unread-${fileId}`).getAttribute('aria-label')).toBe(en.inbox.unread);
    expect(await textOf(sp, `inbox-open-${fileId}`)).toBe(fileNumber);
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(FILE_SUBJECT);
    expect(rowText).toContain('For orders, please');
    expect(rowText).toContain(READER.label);
    expect(await inboxRowIds(sp)).toEqual([`inbox-row-${fileId}`, ...rowsBefore]);
    await expectNoAxeViolations(sp, 'SP’s inbox with the new file');
  });

  it('while the SP holds it, the Reader’s file view is read only: note 1 final, no editor, no actions', async () => {
    await reader.getByTestId('file-read-only').waitFor();
    expect(await textOf(reader, 'file-read-only')).toBe(en.files.readOnly.replace('{post}', SP.label));
    expect(await textOf(reader, 'file-holder')).toBe(SP.label);
    expect(await reader.getByTestId('note-editor').count()).toBe(0);
    expect(await reader.getByTestId('note-save').count()).toBe(0);
    expect(await reader.getByTestId('note-kept').count()).toBe(0); // nothing was left unsaved
    for (const action of ['file-send', 'file-return', 'file-park', 'file-close', 'file-add-receipt', 'file-new-draft']) {
      expect(await reader.getByTestId(action).count(), action).toBe(0);
    }
    // sent on, the note turned green: numbered for good, no edit or delete
    expect(await notesShown(reader)).toEqual([
      {
        no: 1,
        state: 'green',
        edit: false,
        delete: false,
        text: NOTE_1.replace('[p. 1/C]', 'p. 1/C'),
        author: READER.user,
        post: READER.label,
      },
    ]);
    // the Reader may still read and follow references
    await reader.getByTestId('page-thumb-2').click();
    await reader.getByTestId('note-1').locator('a.ref-page').click();
    await expect
      .poll(() => viewerPage(reader), POLL)
      .toEqual({ label: `p. 1/C — ${diaryNumber}`, current: ['page-thumb-1'], alt: 'Scanned page 1' });
    await markRealm(reader);
  });

  it('the SP opens it from the inbox, finds note 1 final, adds note 2 and returns the file to the Reader', async () => {
    await sp.getByTestId(`inbox-row-${fileId}`).locator('.subject').click(); // the subject cell
    await sp.waitForURL((url) => url.pathname === `/files/${fileId}`);
    expect(await textOf(sp, 'file-number')).toBe(fileNumber);
    await sp.getByTestId('note-1').waitFor();
    expect(await sp.getByTestId('file-read-only').count()).toBe(0);
    expect(await notesShown(sp)).toEqual([
      {
        no: 1,
        state: 'green',
        edit: false,
        delete: false,
        text: NOTE_1.replace('[p. 1/C]', 'p. 1/C'),
        author: READER.user,
        post: READER.label,
      },
    ]);

    const editor = sp.getByTestId('note-editor');
    await editor.click();
    await editor.pressSequentially(NOTE_2);
    await sp.getByTestId('note-save').click();
    await sp.getByTestId('note-2').waitFor();
    await expect.poll(() => editorText(editor), POLL).toBe('');
    expect(await notesShown(sp)).toEqual([
      {
        no: 1,
        state: 'green',
        edit: false,
        delete: false,
        text: NOTE_1.replace('[p. 1/C]', 'p. 1/C'),
        author: READER.user,
        post: READER.label,
      },
      { no: 2, state: 'yellow', edit: true, delete: true, text: NOTE_2, author: SP.user, post: SP.label },
    ]);

    readerHintsBeforeReturn = readerSocket.hints.length;
    await sp.getByTestId('file-return').click();
    const dialog = sp.getByRole('dialog', { name: `Return ${fileNumber}` });
    await dialog.waitFor();
    await sp.getByTestId('action-remarks').fill('Orders at para 2');
    await sp.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => textOf(sp, 'file-action-done'), POLL).toBe(en.movement.done.return);
    // now the SP only reads it
    await sp.getByTestId('file-read-only').waitFor();
    expect(await textOf(sp, 'file-holder')).toBe(READER.label);
    expect(await sp.getByTestId('note-editor').count()).toBe(0);
    expect((await notesShown(sp)).map((n) => [n.no, n.state, n.edit, n.delete])).toEqual([
      [1, 'green', false, false],
      [2, 'green', false, false],
    ]);
  });

  it('the Reader’s open file view takes the file back live; from the inbox, both notes are green and signed by their authors', async () => {
    // the view left open updates without a reload: editable again, note 2 there, final
    await reader.getByTestId('file-read-only').waitFor({ state: 'detached', timeout: POLL.timeout });
    await reader.getByTestId('note-2').waitFor();
    await reader.getByTestId('note-editor').waitFor();
    expect(await realmMark(reader)).toBe('still-here');
    expect(readerSocket.hints.slice(readerHintsBeforeReturn)).toContainEqual({ entity: 'inbox', ids: [fileId] });
    expect(await textOf(reader, 'file-holder')).toBe(READER.label);

    await showInbox(reader);
    const row = reader.getByTestId(`inbox-row-${fileId}`);
    expect(await row.getAttribute('data-number')).toBe(fileNumber);
    expect(await textOf(reader, `inbox-open-${fileId}`)).toBe(fileNumber);
    expect((await row.textContent()) ?? '').toContain('Orders at para 2');
    expect(await reader.getByTestId(`inbox-row-${receiptId}`).count()).toBe(0); // the receipt went into the file
    await expectNoAxeViolations(reader, 'Reader’s inbox with the returned file');

    await reader.getByTestId(`inbox-open-${fileId}`).click();
    await reader.waitForURL((url) => url.pathname === `/files/${fileId}`);
    await reader.getByTestId('note-2').waitFor();
    expect(await notesShown(reader)).toEqual([
      {
        no: 1,
        state: 'green',
        edit: false,
        delete: false,
        text: NOTE_1.replace('[p. 1/C]', 'p. 1/C'),
        author: READER.user,
        post: READER.label,
      },
      { no: 2, state: 'green', edit: false, delete: false, text: NOTE_2, author: SP.user, post: SP.label },
    ]);
    expect(await reader.getByTestId('file-read-only').count()).toBe(0);
    expect(await reader.getByTestId('note-editor').isVisible()).toBe(true);
    expect(await reader.getByTestId('file-send').isVisible()).toBe(true);
    expect(await realmMark(reader)).toBe('still-here');
    await expectNoAxeViolations(reader, 'file view with two green notes');

    const saved = await apiGet(reader, `/api/files/${fileId}`);
    expect(saved.notes.map((n: any) => [n.no, n.state, n.author.code, n.authorUser.username, n.canEdit])).toEqual([
      [1, 'green', READER.code, 'reader.sp', false],
      [2, 'green', SP.code, 'sp', false],
    ]);
    expect(saved.movements.map((m: any) => [m.kind, m.from.code, m.to.code, m.remarks])).toEqual(
      expect.arrayContaining([
        ['send', READER.code, SP.code, 'For orders, please'],
        ['return', SP.code, READER.code, 'Orders at para 2'],
      ]),
    );
  });
});
