import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES_DIR, makeFixtures, renderLetterPdf, type FixtureManifest } from '../../../../tests/fixtures/make-fixtures.js';
import {
  inspectScan,
  preparePage,
  rasterisePages,
  ScanRejected,
  type ScanKind,
  type ScanLimits,
  type ScanRejectReason,
} from './scan-file.js';

const LIMITS: ScanLimits = { maxBytes: 40 * 1024 * 1024, maxPages: 50, maxPixelsPerPage: 60_000_000 };

let manifest: FixtureManifest;
const read = (file: string) => readFile(path.join(manifest.dir, file));

async function rejection(promise: Promise<unknown>): Promise<ScanRejected> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ScanRejected);
    return err as ScanRejected;
  }
  throw new Error('expected a ScanRejected, got success');
}

async function collect(bytes: Buffer, kind: ScanKind, limits = LIMITS) {
  const pages: { index: number; image: Buffer }[] = [];
  for await (const page of rasterisePages(bytes, kind, limits)) pages.push(page);
  return pages;
}

beforeAll(async () => {
  manifest = await makeFixtures(DEFAULT_FIXTURES_DIR);
}, 120_000);

describe('inspectScan rejects', () => {
  it('a zero-byte file as empty', async () => {
    const err = await rejection(inspectScan(Buffer.alloc(0), LIMITS));
    expect(err.reason).toBe<ScanRejectReason>('empty');
  });

  it('a ZIP or plain text named letter.pdf as unsupported', async () => {
    const zip = await rejection(inspectScan(await read('reject-zip-named-letter.pdf'), LIMITS));
    expect(zip.reason).toBe('unsupported');
    expect(zip.detail.detected).toBe('application/zip');
    const text = await rejection(inspectScan(await read('reject-text-named-letter.pdf'), LIMITS));
    expect(text.reason).toBe('unsupported');
    expect(text.detail.detected).toBeNull();
  });

  it('truncated JPEG, PNG and TIFF as corrupt', async () => {
    const jpeg = await read('reject-truncated.jpg');
    expect((await rejection(inspectScan(jpeg, LIMITS))).reason).toBe('corrupt');
    const png = await read('hindi-letter-clean.png');
    expect((await rejection(inspectScan(png.subarray(0, png.length >> 1), LIMITS))).reason).toBe('corrupt');
    const tif = await read('mixed-letter-multipage.tif');
    expect((await rejection(inspectScan(tif.subarray(0, Math.floor(tif.length * 0.6)), LIMITS))).reason).toBe('corrupt');
  });

  it('a broken or truncated PDF as corrupt', async () => {
    const broken = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n');
    expect((await rejection(inspectScan(broken, LIMITS))).reason).toBe('corrupt');
    const pdf = await read('mixed-letter-multipage.pdf');
    expect((await rejection(inspectScan(pdf.subarray(0, Math.floor(pdf.length * 0.7)), LIMITS))).reason).toBe('corrupt');
  });

  it('a password-protected PDF as encrypted', async () => {
    const pdf = await renderLetterPdf([['गोपनीय / Confidential']], { userPassword: 'secret' });
    expect((await rejection(inspectScan(pdf, LIMITS))).reason).toBe('encrypted');
    expect((await rejection(inspectScan(await read('reject-encrypted.pdf'), LIMITS))).reason).toBe('encrypted');
  });

  it('more pages than maxPages as too_many_pages, with the numbers', async () => {
    const tif = await rejection(inspectScan(await read('mixed-letter-multipage.tif'), { ...LIMITS, maxPages: 2 }));
    expect(tif.reason).toBe('too_many_pages');
    expect(tif.detail).toMatchObject({ pages: 3, limit: 2 });
    const pdf = await rejection(inspectScan(await read('mixed-letter-multipage.pdf'), { ...LIMITS, maxPages: 1 }));
    expect(pdf.detail).toMatchObject({ pages: 2, limit: 1 });
  });

  it('more bytes than maxBytes as too_large', async () => {
    const bytes = await read('english-letter-clean.jpg');
    const err = await rejection(inspectScan(bytes, { ...LIMITS, maxBytes: 10_000 }));
    expect(err.reason).toBe('too_large');
    expect(err.detail).toMatchObject({ bytes: bytes.length, limit: 10_000 });
  });

  it('a decompression bomb (tiny PNG declaring 30000×30000) as too_many_pixels', async () => {
    const bomb = await read('reject-bomb.png');
    expect(bomb.length).toBeLessThan(1000);
    const err = await rejection(inspectScan(bomb, LIMITS));
    expect(err.reason).toBe('too_many_pixels');
    expect(err.detail).toMatchObject({ width: 30000, height: 30000, pixels: 900_000_000, limit: LIMITS.maxPixelsPerPage });
    // …and the later stages refuse it too, should it ever get that far.
    expect((await rejection(preparePage(bomb, LIMITS))).reason).toBe('too_many_pixels');
  });

  it('a PDF page bigger than the pixel limit at 300 dpi as too_many_pixels', async () => {
    const err = await rejection(inspectScan(await read('mixed-letter-multipage.pdf'), { ...LIMITS, maxPixelsPerPage: 5_000_000 }));
    expect(err.reason).toBe('too_many_pixels');
    expect(err.detail).toMatchObject({ page: 0, width: 2481, height: 3508 });
  });

  it('every reject fixture with the reason the manifest names', async () => {
    for (const { file, reason } of manifest.rejects) {
      expect((await rejection(inspectScan(await read(file), LIMITS))).reason, file).toBe(reason);
    }
  });
});

describe('inspectScan accepts', () => {
  it('every fixture with its real kind and page count', async () => {
    for (const f of manifest.files) {
      const r = await inspectScan(await read(f.file), LIMITS);
      expect(r, f.file).toEqual({
        kind: f.kind,
        mime: { jpeg: 'image/jpeg', png: 'image/png', tiff: 'image/tiff', pdf: 'application/pdf' }[f.kind],
        pageCount: f.pages,
      });
    }
  });
});

describe('rasterisePages', () => {
  it('yields 3 pages for the multi-page TIFF and 2 A4 pages at 300 dpi for the PDF', async () => {
    const tif = await collect(await read('mixed-letter-multipage.tif'), 'tiff');
    expect(tif.map((p) => p.index)).toEqual([0, 1, 2]);
    const pdf = await collect(await read('mixed-letter-multipage.pdf'), 'pdf');
    expect(pdf.map((p) => p.index)).toEqual([0, 1]);
    for (const page of [...tif, ...pdf]) {
      const meta = await sharp(page.image).metadata();
      expect(meta.width).toBeGreaterThanOrEqual(2480);
      expect(meta.height).toBeGreaterThanOrEqual(3507);
    }
  }, 30_000);

  it('yields a JPEG/PNG as itself', async () => {
    const bytes = await read('english-letter-clean.jpg');
    const pages = await collect(bytes, 'jpeg');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.image).toBe(bytes);
  });

  it('rejects truncated TIFF and broken PDF as corrupt', async () => {
    const tif = await read('mixed-letter-multipage.tif');
    expect((await rejection(collect(tif.subarray(0, Math.floor(tif.length * 0.6)), 'tiff'))).reason).toBe('corrupt');
    expect((await rejection(collect(Buffer.from('%PDF-1.4\n%%EOF'), 'pdf'))).reason).toBe('corrupt');
  });

  it('stops early and releases the document when the consumer breaks', async () => {
    const pdf = await read('mixed-letter-multipage.pdf');
    let seen = 0;
    for await (const page of rasterisePages(pdf, 'pdf', LIMITS)) {
      seen = page.index + 1;
      break;
    }
    expect(seen).toBe(1);
  });
});

describe('preparePage', () => {
  it('makes a grayscale OCR PNG ≤ 3500 px, a preview JPEG ≤ 1600 px and a thumbnail JPEG ≤ 320 px', async () => {
    const r = await preparePage(await read('english-letter-clean.jpg'), LIMITS);
    const [ocr, preview, thumb] = await Promise.all([r.ocr, r.preview, r.thumb].map((b) => sharp(b).metadata()));
    expect(ocr!.format).toBe('png');
    expect(ocr!.channels).toBe(1);
    expect([ocr!.width, ocr!.height]).toEqual([r.width, r.height]);
    expect(Math.max(r.width, r.height)).toBeLessThanOrEqual(3508);
    expect(Math.max(r.width, r.height)).toBeGreaterThan(3000);
    expect(preview!.format).toBe('jpeg');
    expect(Math.max(preview!.width, preview!.height)).toBe(1600);
    expect(thumb!.format).toBe('jpeg');
    expect(Math.max(thumb!.width, thumb!.height)).toBe(320);
    expect(r.width).toBeLessThan(r.height); // portrait A4 stays portrait
  });

  it('turns the EXIF-rotated letter upright (pixels stored landscape, Orientation 6)', async () => {
    const exif = await read('hindi-letter-exif.jpg');
    const stored = await sharp(exif).metadata();
    expect(stored.orientation).toBe(6);
    expect(stored.width).toBeGreaterThan(stored.height);

    const r = await preparePage(exif, LIMITS);
    expect(r.width).toBeLessThan(r.height);
    const ocrMeta = await sharp(r.ocr).metadata();
    expect(ocrMeta.orientation ?? 1).toBe(1);

    // Same picture as the upright clean letter (not merely portrait, i.e. not upside down).
    const clean = await preparePage(await read('hindi-letter-clean.png'), LIMITS);
    const small = (b: Buffer) => sharp(b).resize(60, 85, { fit: 'fill' }).raw().toBuffer();
    const [a, b, flipped] = await Promise.all([small(r.ocr), small(clean.ocr), sharp(clean.ocr).rotate(180).toBuffer().then(small)]);
    const diff = (x: Buffer, y: Buffer) => x.reduce((s, v, i) => s + Math.abs(v - y[i]!), 0) / x.length;
    expect(diff(a, b)).toBeLessThan(diff(a, flipped) / 2);
  });

  it('refuses a truncated image as corrupt', async () => {
    const err = await rejection(preparePage(await read('reject-truncated.jpg'), LIMITS));
    expect(err.reason).toBe('corrupt');
  });
});
