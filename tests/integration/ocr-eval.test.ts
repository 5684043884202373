import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measurePage, preparePage, rasterisePages, upscaleFor, type ScanLimits } from '../../backend/src/infra/images/scan-file.js';
import { createTesseractEngine, type OcrEngine } from '../../backend/src/infra/ocr/ocr-engine.js';
import { makeOcrEvalSet, type EvalFile, type OcrEvalManifest } from '../fixtures/ocr-eval.js';
import { cer } from '../bench/ocr-metrics.js';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { waitForOcr } from '../support/scans.js';
import sharp from 'sharp';

/**
 * OCR on letters it was not tuned on (issue 18): the evaluation set's held-out half (tests/fixtures/ocr-eval.ts,
 * made here at test time in Chromium) read through the real pipeline, and found through the API by Devanagari,
 * Latin and digit-variant queries.
 */
const LIMITS: ScanLimits = { maxBytes: 40 * 1024 * 1024, maxPages: 100, maxPixelsPerPage: 60_000_000 };
let set: OcrEvalManifest;
let engine: OcrEngine;
const file = (name: string) => set.files.find((f) => f.file === name)!;
const pagesOf = async (f: EvalFile) => {
  const out: Buffer[] = [];
  for await (const p of rasterisePages(await readFile(path.join(set.dir, f.file)), f.kind, LIMITS)) out.push(p.image);
  return out;
};
const read = async (f: EvalFile) => {
  const [page] = await pagesOf(f);
  return (await engine.recognize((await preparePage(page!, LIMITS)).ocr)).text;
};

beforeAll(async () => {
  set = await makeOcrEvalSet();
  engine = await createTesseractEngine({ workers: 2, langDir: path.join(set.dir, '..', 'ocr-eval-lang') });
}, 300_000);
afterAll(async () => engine?.close());

describe('the evaluation set', () => {
  it('has at least 40 pages in five or more Devanagari families, every variant in both halves', () => {
    expect(set.fonts.length).toBeGreaterThanOrEqual(5);
    expect(set.files.reduce((n, f) => n + f.text.length, 0)).toBeGreaterThanOrEqual(40);
    const variants = new Set(set.files.map((f) => f.variant));
    for (const v of variants) {
      expect(set.files.filter((f) => f.variant === v && f.half === 'tune').length, v).toBeGreaterThan(0);
      expect(set.files.filter((f) => f.variant === v && f.half === 'held').length, v).toBeGreaterThan(0);
    }
    expect(new Set(set.files.filter((f) => f.half === 'held').map((f) => f.font)).size).toBeGreaterThanOrEqual(5);
  });
});

describe('preparing a page measures its text', () => {
  it('finds the line height and the paper noise, and scales up small text only', async () => {
    const measure = async (name: string) => {
      const [page] = await pagesOf(file(name));
      const { data, info } = await sharp(page!).rotate().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      return measurePage(data, info.width, info.height);
    };
    const clean = await measure('clean-300-2.png');
    const small = await measure('png-72-2.png');
    const noisy = await measure('noise-blur-2.jpg');
    const photo = await measure('phone-photo-2.jpg');
    expect(clean.lineHeight).toBeGreaterThan(34); // ~45 px at 300 dpi
    expect(clean.lineHeight).toBeLessThan(70);
    expect(small.lineHeight).toBeGreaterThan(5); // ~10 px at 72 dpi
    expect(small.lineHeight).toBeLessThan(16);
    expect(photo.lineHeight).toBeLessThan(80); // not the dark desk around the page
    expect(upscaleFor(clean.lineHeight)).toBe(1);
    expect(upscaleFor(small.lineHeight)).toBeGreaterThan(2.5);
    expect(clean.noise).toBeLessThan(1.5);
    expect(noisy.noise).toBeGreaterThan(1.5);
  });
});

describe('reading held-out pages', () => {
  // Before text size was measured, a 72-dpi page came back at 46–61% CER and a 96-dpi screenshot at 24–42%
  // (words missing wholesale); native tesseract read them at 8–22%.
  // A 100-dpi fax was read at 71–72% (native: 21–27%).
  it.each([
    ['png-72-2.png', 0.3],
    ['screenshot-96-4.png', 0.3],
    ['fax-100-6.tif', 0.45],
  ] as const)('reads small text: %s', async (name, bound) => {
    const f = file(name);
    expect(f.half).toBe('held');
    const text = await read(f);
    expect(cer(text, f.text[0]!)).toBeLessThan(bound);
  });

  it('reads a two-column page and a table in reading order (automatic page segmentation)', async () => {
    // jpeg-200-q60-2 has a table, clean-300-6 two columns (layouts cycle paragraphs, table, columns)
    for (const name of ['jpeg-200-q60-2.jpg', 'clean-300-6.png']) {
      const f = file(name);
      expect(cer(await read(f), f.text[0]!), name).toBeLessThan(0.2);
    }
  });
});

describe('finding held-out letters through the API', () => {
  let system: TestSystem;
  let dak: ApiClient;
  const receipts = new Map<string, { id: string; text: string }>();
  beforeAll(async () => {
    system = await bootSystem();
    dak = await loggedIn(system.url!, 'dak.sp');
    for (const name of ['clean-300-4.png', 'g4-300-2.tif']) {
      const f = file(name);
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(await readFile(path.join(set.dir, f.file)))]), f.file);
      const res = await dak.request('POST', '/api/receipts/scans', form);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const id = res.body.receipts[0].id;
      const done = await waitForOcr(dak, id);
      receipts.set(name, { id, text: done.pages.map((p: { ocrText?: string }) => p.ocrText ?? '').join('\n') });
    }
  }, 300_000);
  afterAll(async () => system?.stop());

  const search = async (q: string) => {
    const res = await dak.get(`/api/search?q=${encodeURIComponent(q)}&pageSize=50`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as { id: string }[]).map((i) => i.id);
  };

  it('finds each letter by the words of its subject in Devanagari and in Latin letters, and by its number in either digits', async () => {
    for (const [name, r] of receipts) {
      const f = file(name);
      const subject = f.text[0]!.split('\n').find((l) => l.startsWith('विषय:'))!;
      const words = subject
        .replace(/^विषय:\s*/, '')
        .replace(/[।]/g, '')
        .split(/\s+/)
        .filter((w) => w.length >= 4 && r.text.normalize('NFC').includes(w));
      expect(words.length, `${name}: subject words read: ${subject}`).toBeGreaterThan(1);
      for (const w of words) expect(await search(w), `${name}: ${w}`).toContain(r.id);
      const latin = {
        संबंध: 'sambandh',
        सत्यापन: 'satyapan',
        प्रमाण: 'praman',
        समीक्षा: 'samiksha',
        निस्तारण: 'nistaran',
        आयोजन: 'aayojan',
      } as Record<string, string>;
      for (const w of words.filter((x) => latin[x])) expect(await search(latin[w]!), `${name}: ${latin[w]}`).toContain(r.id);
      const ref = /पत्रांक: \S+?\/([0-9०-९]{3,4})\//.exec(f.text[0]!)?.[1];
      expect(ref).toBeTruthy();
      const ascii = ref!.replace(/[०-९]/g, (d) => String('०१२३४५६७८९'.indexOf(d)));
      const deva = ascii.replace(/[0-9]/g, (d) => '०१२३४५६७८९'[Number(d)]!);
      if (r.text.includes(ref!)) {
        expect(await search(ascii), `${name}: ${ascii}`).toContain(r.id);
        expect(await search(deva), `${name}: ${deva}`).toContain(r.id);
      }
    }
  });
});
