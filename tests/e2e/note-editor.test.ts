/**
 * The note editor is a word processor (issue 14, item 13): the Reader writes a note with bold text
 * (Ctrl+B), a numbered list (tool bar) and a page reference (picker, shown as a chip), the unsaved
 * note survives a reload, Ctrl+Enter saves it, and the notesheet shows it formatted — stored as the
 * HTML the server keeps. Hostile HTML pasted into the editor (script, onclick, image, javascript:
 * link) does not survive into the editor, the saved note or the notesheet. Labels in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { expectNoAxeViolations, login, POLL, startE2E, type E2E } from '../support/browser.js';
import { scanForm, waitForOcr } from '../support/scans.js';

let e2e: E2E;
let dak: ApiClient;
let reader: ApiClient;
let fileId: string;

const editorText = async (editor: Locator) => ((await editor.innerText()) ?? '').replace(/\s+/g, ' ').trim();

/** The Reader's file view, logged in in `lang`, the editor of a new note ready. */
async function openFile(lang: 'hi' | 'en'): Promise<Page> {
  const page = await e2e.newPage();
  await login(page, 'reader.sp', lang);
  await page.goto(`/files/${fileId}`);
  await page.getByTestId('note-editor').waitFor();
  return page;
}

async function savedNotes(): Promise<Array<{ no: number; body: string }>> {
  const res = await reader.get(`/api/files/${fileId}`);
  expect(res.status).toBe(200);
  return res.body.notes;
}

beforeAll(async () => {
  e2e = await startE2E();
  [dak, reader] = await Promise.all([loggedIn(e2e.base, 'dak.sp'), loggedIn(e2e.base, 'reader.sp')]);
  // a one-page scanned letter, diarised and sent to the Reader, who opens a file from it
  const uploaded = await dak.request(
    'POST',
    '/api/receipts/scans',
    await scanForm([{ file: 'english-letter-clean.jpg', type: 'image/jpeg' }]),
  );
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  const receiptId = uploaded.body.receipts[0].id;
  const ready = await waitForOcr(dak, receiptId);
  const diarised = await dak.post(`/api/receipts/${receiptId}/diarise`, {
    version: ready.version,
    receivedDate: '2026-11-20',
    mode: 'post',
    sender: 'SHO, PS Kotwali',
    subject: 'Theft of motorcycles near the bus stand',
  });
  expect(diarised.status, JSON.stringify(diarised.body)).toBe(200);
  const readerPost = (await dak.get('/api/org/posts?q=PBT-SP-READER')).body.items.find((p: any) => p.code === 'PBT-SP-READER').id;
  const sent = await dak.post(`/api/receipts/${receiptId}/send`, { version: diarised.body.receipt.version, toPostId: readerPost });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const receipt = (await reader.get(`/api/receipts/${receiptId}`)).body;
  const head = (await reader.get('/api/file-heads')).body.items.find((h: any) => h.code === 'CRIME');
  const opened = await reader.post('/api/files', {
    headId: head.id,
    subject: 'Motorcycle thefts, 2026',
    receiptId,
    receiptVersion: receipt.version,
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  fileId = opened.body.id;
}, 120_000);
afterAll(async () => e2e?.close());

describe('the note editor', () => {
  it('in English: bold with Ctrl+B, a numbered list from the tool bar, a page reference chip; kept over a reload; saved with Ctrl+Enter and shown formatted', async () => {
    const page = await openFile('en');
    const bold = page.getByTestId('note-bold');
    expect(await bold.getAttribute('aria-label')).toBe(`${en.files.editor.bold} (Ctrl+B)`);
    expect(await page.getByTestId('note-numbers').getAttribute('aria-label')).toBe(`${en.files.editor.numbers} (Ctrl+Shift+7)`);
    expect((await page.getByTestId('note-insert-page').textContent())?.trim()).toBe(en.files.editor.pageRef);
    expect((await page.locator('#note-editor-help').textContent())?.trim()).toBe(en.files.editor.help);
    expect(await page.getByRole('toolbar', { name: en.files.editor.toolbar }).count()).toBe(1);
    // the editable area is a labelled multi-line text box
    const editor = page.getByRole('textbox', { name: en.files.notes.newLabel });
    expect(await editor.getAttribute('data-testid')).toBe('note-editor');

    await editor.click();
    await page.keyboard.type('Theft of ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('two motorcycles');
    await page.keyboard.press('Control+b');
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.type(' is reported.');
    await page.keyboard.press('Enter');
    await page.getByTestId('note-numbers').click();
    await expect.poll(() => page.getByTestId('note-numbers').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type('Register a case');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Inform the SHO, see');
    await page.getByTestId('note-insert-page').click();
    await page.getByTestId('note-page-option-1').click();
    await page.getByTestId('note-page-picker').waitFor({ state: 'hidden' });
    expect(await editor.locator('ol > li').count()).toBe(2);
    expect(await editor.locator('strong').textContent()).toBe('two motorcycles');
    expect(await editor.locator('.ref-chip-page').textContent()).toBe('p. 1/C');
    expect(await page.getByTestId('note-unknown-pages').count()).toBe(0);

    // not saved yet: a reload brings it back from this browser, formatted
    await page.reload();
    await page.getByTestId('note-restored').waitFor();
    const again = page.getByTestId('note-editor');
    expect(await again.locator('strong').textContent()).toBe('two motorcycles');
    expect(await again.locator('ol > li').count()).toBe(2);
    expect(await again.locator('.ref-chip-page').textContent()).toBe('p. 1/C');
    await expectNoAxeViolations(page, 'file view with the note editor');

    await again.click();
    await page.keyboard.press('Control+Enter');
    const note = page.getByTestId('note-1');
    await note.waitFor();
    await expect.poll(() => editorText(again), POLL).toBe('');
    const body = note.locator('.note-body');
    expect(await body.locator('p strong').textContent()).toBe('two motorcycles');
    expect(await body.locator('ol > li').allTextContents()).toEqual(['Register a case', 'Inform the SHO, see p. 1/C']);
    expect(await body.locator('ol a.ref-page').getAttribute('href')).toBe('#page-1');

    expect((await savedNotes()).map((n) => n.body)).toEqual([
      '<p>Theft of <strong>two motorcycles</strong> is reported.</p><ol><li>Register a case</li><li>Inform the SHO, see <a data-page="1">p. 1/C</a></li></ol>',
    ]);
  });

  it('hostile HTML pasted into the editor does not survive: no script, handler, image or javascript: link in the editor, the saved note or the notesheet', async () => {
    const page = await openFile('en');
    const alerts: string[] = [];
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    const editor = page.getByTestId('note-editor');
    await editor.click();
    await page.evaluate(() => {
      const g = globalThis as any;
      const data = new g.DataTransfer();
      data.setData(
        'text/html',
        '<p onclick="window.__pwned=1;alert(1)" style="color:red">Pasted <b onmouseover="alert(2)">text</b><script>window.__pwned=2;alert(3)</script><img src="x" onerror="window.__pwned=3;alert(4)"> <a href="javascript:alert(5)">link</a></p><h1>Big</h1><iframe src="javascript:alert(6)"></iframe>',
      );
      data.setData('text/plain', 'Pasted text link Big');
      g.document
        .querySelector('[data-testid="note-editor"]')
        .dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => editorText(editor), POLL).toBe('Pasted text link Big');
    const inEditor = await editor.innerHTML();
    expect(inEditor).not.toMatch(/onclick|onmouseover|onerror|<script|<img|<iframe|<h1|href|style="color/i);
    expect(await editor.locator('strong').textContent()).toBe('text');

    await page.getByTestId('note-save').click();
    const note = page.getByTestId('note-2');
    await note.waitFor();
    const stored = (await savedNotes()).find((n) => n.no === 2)!.body;
    expect(stored).toBe('<p>Pasted <strong>text</strong> link</p><p>Big</p>');
    const shown = await note.locator('.note-body').innerHTML();
    expect(shown).not.toMatch(/onclick|onmouseover|onerror|<script|<img|<iframe|href|style=/i);
    await note.locator('.note-body strong').hover();
    await note.locator('.note-body p').first().click();
    expect(await page.evaluate(() => (globalThis as any).__pwned ?? null)).toBeNull();
    expect(alerts).toEqual([]);
  });

  it('in Hindi: the tool bar, help and save are labelled in Hindi; a list typed with "1. " and italic with Ctrl+I are saved as such', async () => {
    const page = await openFile('hi');
    expect(await page.getByTestId('note-bold').getAttribute('aria-label')).toBe(`${hi.files.editor.bold} (Ctrl+B)`);
    expect(await page.getByTestId('note-italic').getAttribute('aria-label')).toBe(`${hi.files.editor.italic} (Ctrl+I)`);
    expect(await page.getByTestId('note-numbers').getAttribute('aria-label')).toBe(`${hi.files.editor.numbers} (Ctrl+Shift+7)`);
    expect(await page.getByTestId('note-bullets').getAttribute('aria-label')).toBe(`${hi.files.editor.bullets} (Ctrl+Shift+8)`);
    expect((await page.getByTestId('note-insert-page').textContent())?.trim()).toBe(hi.files.editor.pageRef);
    expect((await page.getByTestId('note-insert-file').textContent())?.trim()).toBe(hi.files.editor.fileRef);
    expect((await page.locator('#note-editor-help').textContent())?.trim()).toBe(hi.files.editor.help);
    expect((await page.getByTestId('note-save').textContent())?.trim()).toBe(hi.files.notes.save);
    expect(await page.getByRole('toolbar', { name: hi.files.editor.toolbar }).count()).toBe(1);
    const editor = page.getByRole('textbox', { name: hi.files.notes.newLabel });

    await editor.click();
    await page.keyboard.type('1. ');
    await page.keyboard.type('मामला दर्ज करें');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+i');
    await page.keyboard.type('शीघ्र');
    await page.keyboard.press('Control+i');
    await page.keyboard.type(' प्रगति प्रस्तुत करें');
    await page.getByTestId('note-save').click();
    await page.getByTestId('note-3').waitFor();
    expect((await savedNotes()).find((n) => n.no === 3)!.body).toBe('<ol><li>मामला दर्ज करें</li><li><em>शीघ्र</em> प्रगति प्रस्तुत करें</li></ol>');
    expect(await page.getByTestId('note-3').locator('.note-body ol > li em').textContent()).toBe('शीघ्र');
    await expectNoAxeViolations(page, 'file view in Hindi with three notes');
  });
});
