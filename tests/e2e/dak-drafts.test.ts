/**
 * Drafts that no longer look alike: the munshi drops three different scans on the dak desk; the
 * drafts list shows each with its own file name, its first page's thumbnail (loaded: an image the
 * session may fetch) and, once OCR has read it, the first line of the letter — in Hindi, and in
 * English after switching.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import { chooseLanguage, expectNoAxeViolations, login, POLL, startE2E, type E2E } from '../support/browser.js';
import { fixtures } from '../support/scans.js';

let e2e: E2E;
let page: Page;
const FILES = ['hindi-letter-clean.png', 'english-letter-clean.jpg', 'english-letter-noisy.png'] as const;
const OCR_POLL = { timeout: 120_000, interval: 250 } as const;

beforeAll(async () => {
  e2e = await startE2E();
  page = await e2e.newPage();
});
afterAll(async () => e2e?.close());

interface DraftView {
  id: string;
  file: string;
  line: string;
  thumbWidth: number;
  title: string;
}
/** What each draft row shows: file name, first OCR line, the thumbnail's natural width, the title. */
const drafts = (p: Page) =>
  p.locator('[data-testid^="dak-draft-"][type="button"]').evaluateAll((rows) =>
    rows.map((r: any) => {
      const id = r.getAttribute('data-testid').slice('dak-draft-'.length);
      const text = (sel: string) => (r.querySelector(sel)?.textContent ?? '').trim();
      const img = r.querySelector('img');
      return {
        id,
        file: text('.draft-file'),
        line: text('.draft-ocr'),
        thumbWidth: img && img.complete ? img.naturalWidth : 0,
        title: text('.draft-title'),
      } as DraftView;
    }),
  );

describe('the drafts on the dak desk tell themselves apart', () => {
  it('three scans: three file names, three loaded thumbnails and each first OCR line (Hindi)', async () => {
    await login(page, 'munshi.kotwali', 'hi');
    await page.goto('/dak');
    const m = await fixtures();
    await page.getByTestId('dak-drop-input').setInputFiles(FILES.map((f) => path.join(m.dir, f)));

    await expect.poll(async () => (await drafts(page)).map((d) => d.file).sort(), OCR_POLL).toEqual([...FILES].sort());
    await expect.poll(async () => (await drafts(page)).every((d) => d.thumbWidth > 0 && d.line !== ''), OCR_POLL).toBe(true);
    const shown = await drafts(page);
    expect(shown).toHaveLength(3);
    for (const d of shown) expect(d.title).toBe(hi.dak.untitledDraft);
    const byFile = Object.fromEntries(shown.map((d) => [d.file, d]));
    // OCR's first line of each letter: its letterhead
    expect(byFile['english-letter-clean.jpg']!.line).toMatch(/DISTRICT MAGISTRATE/);
    expect(byFile['hindi-letter-clean.png']!.line).toMatch(/पुलिस/);
    expect(new Set(shown.map((d) => d.line)).size).toBeGreaterThanOrEqual(2);
    // each row names its pages in words, not "1 pages"
    expect(await page.getByTestId(`dak-draft-${shown[0]!.id}`).textContent()).toContain(hi.dak.pages.replace('{count}', '1'));
    await expectNoAxeViolations(page, 'dak desk with three drafts');
  });

  it('the same in English', async () => {
    await chooseLanguage(page, 'en');
    await expect
      .poll(async () => (await drafts(page)).map((d) => d.title), POLL)
      .toEqual([en.dak.untitledDraft, en.dak.untitledDraft, en.dak.untitledDraft]);
    expect((await drafts(page)).map((d) => d.file).sort()).toEqual([...FILES].sort());
  });
});
