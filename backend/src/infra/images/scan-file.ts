/**
 * Scan intake: what an uploaded dak scan really is, its pages as images, and the images we keep per page.
 *
 * - inspectScan: cheap checks run in the API before anything is stored (type from magic bytes, size,
 *   page count, encryption, pixel limits, truncation).
 * - rasterisePages: one image per page (PDF rendered at 300 dpi in-process with pdfjs + @napi-rs/canvas).
 *   PDF parsing/rendering runs on the calling thread (pdfjs "fake worker"): call it from the worker role.
 * - preparePage: the OCR input (grayscale PNG), a preview and a thumbnail.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { fileTypeFromBuffer } from 'file-type';

export type ScanKind = 'jpeg' | 'png' | 'tiff' | 'pdf';
export type ScanRejectReason = 'empty' | 'unsupported' | 'corrupt' | 'encrypted' | 'too_many_pages' | 'too_large' | 'too_many_pixels';

export class ScanRejected extends Error {
  override readonly name = 'ScanRejected';
  constructor(
    readonly reason: ScanRejectReason,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(`scan rejected: ${reason}`);
  }
}

export interface ScanLimits {
  maxBytes: number;
  maxPages: number;
  maxPixelsPerPage: number;
}

const MB = 1048576;
/** The values a refusal's message (`scan.<reason>`) names: what was found, the limit, sizes in MB. */
export function refusalParams(size: number, limits: ScanLimits, err?: ScanRejected): Record<string, unknown> {
  const d = err?.detail ?? {};
  return {
    detected: typeof d.detected === 'string' ? d.detected : '?',
    pages: d.pages,
    limit: d.limit,
    sizeMb: (size / MB).toFixed(1),
    limitMb: (limits.maxBytes / MB).toFixed(0),
    megapixels: d.pixels ? (Number(d.pixels) / 1e6).toFixed(0) : '?',
  };
}

/** The limits a process's configuration sets (SCAN_MAX_*). */
export const scanLimits = (env: { SCAN_MAX_BYTES: number; SCAN_MAX_PAGES: number; SCAN_MAX_PIXELS: number }): ScanLimits => ({
  maxBytes: env.SCAN_MAX_BYTES,
  maxPages: env.SCAN_MAX_PAGES,
  maxPixelsPerPage: env.SCAN_MAX_PIXELS,
});

const MIME: Record<ScanKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  pdf: 'application/pdf',
};
const KIND_BY_MIME = new Map<string, ScanKind>(Object.entries(MIME).map(([k, m]) => [m, k as ScanKind]));

/** PDF pages are rendered at this resolution. */
export const PDF_DPI = 300;
const PDF_SCALE = PDF_DPI / 72;
/** ~3500: an A4 page at 300 dpi (2480×3508) passes untouched; larger scans are scaled down to it. */
const OCR_MAX_SIDE = 3508;
const PREVIEW_MAX_SIDE = 1600;
const THUMB_MAX_SIDE = 320;

// ---------------------------------------------------------------------------------------------- pdfjs

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
let pdfjsPromise: Promise<PdfJs> | undefined;
const loadPdfJs = () => (pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// Node's pdfjs reads these with fs.readFile(url + name): plain directory paths with a trailing slash.
const PDFJS_ASSETS = {
  standardFontDataUrl: path.join(pdfjsDir, 'standard_fonts') + path.sep,
  cMapUrl: path.join(pdfjsDir, 'cmaps') + path.sep,
  wasmUrl: path.join(pdfjsDir, 'wasm') + path.sep,
  iccUrl: path.join(pdfjsDir, 'iccs') + path.sep,
};

async function openPdf(bytes: Buffer): Promise<PdfDocument> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // a copy: pdfjs detaches the array it is given
    ...PDFJS_ASSETS,
    cMapPacked: true,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    return await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    const name = (err as Error)?.name;
    if (name === 'PasswordException') throw new ScanRejected('encrypted');
    throw new ScanRejected('corrupt', { cause: errMessage(err) });
  }
}

function pdfPageSize(page: { getViewport(p: { scale: number }): { width: number; height: number } }) {
  const vp = page.getViewport({ scale: PDF_SCALE });
  return { width: Math.ceil(vp.width), height: Math.ceil(vp.height) };
}

// ---------------------------------------------------------------------------------------------- helpers

const errMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

function checkPixels(width: number, height: number, limits: ScanLimits, page: number) {
  const pixels = width * height;
  if (pixels > limits.maxPixelsPerPage) {
    throw new ScanRejected('too_many_pixels', { page, width, height, pixels, limit: limits.maxPixelsPerPage });
  }
}

/** sharp/libvips errors → the reason the user sees. */
function sharpFailure(err: unknown, page: number, limits: ScanLimits): ScanRejected {
  if (err instanceof ScanRejected) return err;
  const message = errMessage(err);
  if (/pixel limit/i.test(message)) {
    return new ScanRejected('too_many_pixels', { page, limit: limits.maxPixelsPerPage, cause: message });
  }
  return new ScanRejected('corrupt', { page, cause: message });
}

/** 'error' rejects truncated/broken data but tolerates harmless decoder warnings that real scanners produce. */
const FAIL_ON = 'error' as const;

// ---------------------------------------------------------------------------------------------- inspect

/** Fast checks before anything is stored: real type from magic bytes (never the name), page count, encryption, size, pixel limits. Throws ScanRejected. */
export async function inspectScan(bytes: Buffer, limits: ScanLimits): Promise<{ kind: ScanKind; mime: string; pageCount: number }> {
  if (bytes.length === 0) throw new ScanRejected('empty', { bytes: 0 });
  if (bytes.length > limits.maxBytes) {
    throw new ScanRejected('too_large', { bytes: bytes.length, limit: limits.maxBytes });
  }
  const detected = await fileTypeFromBuffer(bytes).catch(() => undefined);
  const kind = detected ? KIND_BY_MIME.get(detected.mime) : undefined;
  if (!kind) throw new ScanRejected('unsupported', { detected: detected?.mime ?? null });

  if (kind === 'pdf') {
    const doc = await openPdf(bytes);
    try {
      const pageCount = doc.numPages;
      if (pageCount < 1) throw new ScanRejected('corrupt', { pages: 0 });
      if (pageCount > limits.maxPages) {
        throw new ScanRejected('too_many_pages', { pages: pageCount, limit: limits.maxPages });
      }
      for (let i = 1; i <= pageCount; i++) {
        let size: { width: number; height: number };
        try {
          const page = await doc.getPage(i);
          size = pdfPageSize(page);
          page.cleanup();
        } catch (err) {
          throw new ScanRejected('corrupt', { page: i - 1, cause: errMessage(err) });
        }
        checkPixels(size.width, size.height, limits, i - 1);
      }
      return { kind, mime: MIME[kind], pageCount };
    } finally {
      await doc.destroy().catch(() => {});
    }
  }

  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new ScanRejected('corrupt', { cause: errMessage(err) });
  }
  const pageCount = kind === 'tiff' ? (meta.pages ?? 1) : 1;
  if (pageCount > limits.maxPages) {
    throw new ScanRejected('too_many_pages', { pages: pageCount, limit: limits.maxPages });
  }
  for (let i = 0; i < pageCount; i++) {
    const m =
      i === 0
        ? meta
        : await sharp(bytes, { page: i, limitInputPixels: false })
            .metadata()
            .catch((err) => {
              throw new ScanRejected('corrupt', { page: i, cause: errMessage(err) });
            });
    if (!m.width || !m.height) throw new ScanRejected('corrupt', { page: i });
    checkPixels(m.width, m.height, limits, i);
  }
  // Truncation shows only when decoding: decode each page (JPEG at 1/8 scale via shrink-on-load, so cheap).
  for (let i = 0; i < pageCount; i++) {
    try {
      await sharp(bytes, { page: i, failOn: FAIL_ON, limitInputPixels: limits.maxPixelsPerPage })
        .resize({ width: 200, height: 200, fit: 'inside' })
        .raw()
        .toBuffer();
    } catch (err) {
      throw sharpFailure(err, i, limits);
    }
  }
  return { kind, mime: MIME[kind], pageCount };
}

// ---------------------------------------------------------------------------------------------- rasterise

/** Yields each page as an image buffer sharp can read (TIFF page by page with {page: i}; PDF pages rendered at 300 dpi with pdfjs-dist + @napi-rs/canvas, in-process; JPEG/PNG: the file itself). Truncated/broken input ⇒ ScanRejected('corrupt'). */
export async function* rasterisePages(bytes: Buffer, kind: ScanKind, limits: ScanLimits): AsyncGenerator<{ index: number; image: Buffer }> {
  if (bytes.length === 0) throw new ScanRejected('empty', { bytes: 0 });
  if (kind === 'jpeg' || kind === 'png') {
    yield { index: 0, image: bytes };
    return;
  }
  if (kind === 'tiff') {
    let pages: number;
    try {
      pages = (await sharp(bytes, { limitInputPixels: false }).metadata()).pages ?? 1;
    } catch (err) {
      throw new ScanRejected('corrupt', { cause: errMessage(err) });
    }
    if (pages > limits.maxPages) throw new ScanRejected('too_many_pages', { pages, limit: limits.maxPages });
    for (let i = 0; i < pages; i++) {
      let image: Buffer;
      try {
        // Orientation of the TIFF page is applied here, since PNG output would drop the tag.
        image = await sharp(bytes, { page: i, failOn: FAIL_ON, limitInputPixels: limits.maxPixelsPerPage })
          .rotate()
          .png({ compressionLevel: 1 })
          .toBuffer();
      } catch (err) {
        throw sharpFailure(err, i, limits);
      }
      yield { index: i, image };
    }
    return;
  }
  if (kind !== 'pdf') throw new ScanRejected('unsupported', { kind });

  const doc = await openPdf(bytes);
  try {
    if (doc.numPages > limits.maxPages) {
      throw new ScanRejected('too_many_pages', { pages: doc.numPages, limit: limits.maxPages });
    }
    const { createCanvas } = await import('@napi-rs/canvas');
    for (let i = 1; i <= doc.numPages; i++) {
      let image: Buffer;
      try {
        const page = await doc.getPage(i);
        const viewport = page.getViewport({ scale: PDF_SCALE });
        const width = Math.ceil(viewport.width);
        const height = Math.ceil(viewport.height);
        checkPixels(width, height, limits, i - 1);
        const canvas = createCanvas(width, height);
        const ctx = canvas.getContext('2d');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, width, height);
        await page.render({
          // @napi-rs/canvas stands in for the DOM canvas pdfjs is typed against.
          canvas,
          canvasContext: ctx,
          viewport,
        }).promise;
        const rgba = canvas.data();
        image = await sharp(rgba, { raw: { width, height, channels: 4 } })
          .removeAlpha()
          .png({ compressionLevel: 1 })
          .toBuffer();
        page.cleanup();
      } catch (err) {
        if (err instanceof ScanRejected) throw err;
        throw new ScanRejected('corrupt', { page: i - 1, cause: errMessage(err) });
      }
      yield { index: i - 1, image };
    }
  } finally {
    await doc.destroy().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------- prepare

/** In place: maps the 1st..99th luminance percentile onto 0..255 (what sharp's normalise() does). */
function stretchContrast(gray: Buffer, lowerPct = 1, upperPct = 99) {
  const hist = new Uint32Array(256);
  for (let i = 0; i < gray.length; i++) hist[gray[i]!]!++;
  const percentile = (pct: number) => {
    const target = (gray.length * pct) / 100;
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += hist[v]!;
      if (seen >= target) return v;
    }
    return 255;
  };
  const lo = percentile(lowerPct);
  const hi = percentile(upperPct);
  if (hi - lo < 8) return; // blank or flat page: nothing to stretch
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - lo) * 255) / (hi - lo))));
  for (let i = 0; i < gray.length; i++) gray[i] = lut[gray[i]!]!;
}

/** What preparePage measures on a page (gray, contrast-stretched) to decide how to prepare it. */
export interface PageMeasure {
  /** Median height in pixels of the ink runs of text lines (Devanagari: headline to the lowest sign), 0 when none. */
  lineHeight: number;
  /** Noise on the paper: mean absolute difference of neighbouring background pixels (0 on a clean render). */
  noise: number;
}

/**
 * Line height from the row profiles of ten vertical strips (a strip is narrow enough that a skew of a few
 * degrees does not merge neighbouring lines): runs of rows with ink, weighted by their ink, the median of
 * those of a text line's size (table borders and specks left out). Noise from the background only.
 */
export function measurePage(gray: Buffer, width: number, height: number): PageMeasure {
  const INK = 128;
  const strips = 10;
  const stripWidth = Math.max(16, Math.floor(width / strips));
  const runs: { h: number; ink: number }[] = [];
  for (let x0 = 0; x0 + stripWidth <= width; x0 += stripWidth) {
    let start = -1;
    let ink = 0;
    for (let y = 0; y <= height; y++) {
      let count = 0;
      if (y < height) {
        const row = y * width;
        for (let x = x0; x < x0 + stripWidth; x += 2) if (gray[row + x]! < INK) count++;
      }
      // a row counts as text when more than a sliver of it is ink (not one stray speck)
      if (count >= 2) {
        if (start < 0) start = y;
        ink += count;
      } else if (start >= 0) {
        const h = y - start;
        const density = ink / h / (stripWidth / 2);
        // a table's vertical border makes a run as tall as the table (thin ink); a dark desk around a photographed
        // page or a picture is solid ink: neither is a line of text
        if (h >= 4 && h <= height / 8 && density <= 0.6) runs.push({ h, ink: ink / h });
        start = -1;
        ink = 0;
      }
    }
  }
  let lineHeight = 0;
  if (runs.length > 0) {
    const sorted = runs.filter((r) => r.ink >= 3).sort((a, b) => a.h - b.h);
    const total = sorted.reduce((n, r) => n + r.h * r.ink, 0);
    let seen = 0;
    for (const r of sorted) {
      seen += r.h * r.ink;
      if (seen >= total / 2) {
        lineHeight = r.h;
        break;
      }
    }
  }
  let diff = 0;
  let pairs = 0;
  for (let y = 1; y < height; y += 3) {
    const row = y * width;
    for (let x = 0; x + 1 < width; x += 2) {
      const a = gray[row + x]!;
      const b = gray[row + x + 1]!;
      if (a >= 170 && b >= 170) {
        diff += Math.abs(a - b);
        pairs++;
      }
    }
  }
  return { lineHeight, noise: pairs ? diff / pairs : 0 };
}

/** Text lines whose ink is at least this high (px) are read as they are. */
const SMALL_TEXT_PX = 28;
/** Smaller text is scaled up to about this line height, at most MAX_UPSCALE times (32 read better than 40 or 50 on the tuning half). */
const TARGET_TEXT_PX = 32;
const MAX_UPSCALE = 4;
/** Paper noise (see measurePage) above which the page gets a 3x3 median. */
const NOISY_PAPER = 1.5;

/** How much to scale a page up for OCR given its measured line height (1 = as it is; 0 = no text found). */
export const upscaleFor = (lineHeight: number) =>
  lineHeight > 0 && lineHeight < SMALL_TEXT_PX ? Math.min(MAX_UPSCALE, TARGET_TEXT_PX / lineHeight) : 1;

/** One page → images to store: `ocr` = PNG, EXIF auto-rotated (sharp().rotate()), grayscale, normalised, at most ~3500 px on the long side; `preview` = JPEG ≤ 1600 px long side; `thumb` = JPEG ≤ 320 px; width/height of the page as shown (the `ocr` image of a page with small text is scaled up, see upscaleFor). Keep sharp's limitInputPixels at limits.maxPixelsPerPage. */
export async function preparePage(
  image: Buffer,
  limits: ScanLimits,
): Promise<{ ocr: Buffer; preview: Buffer; thumb: Buffer; width: number; height: number }> {
  try {
    // Decode once: upright, on white, capped at the OCR size; the three outputs come from this raw image.
    const { data, info } = await sharp(image, { failOn: FAIL_ON, limitInputPixels: limits.maxPixelsPerPage })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: OCR_MAX_SIDE, height: OCR_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
    const fit = (side: number) => ({ width: side, height: side, fit: 'inside' as const, withoutEnlargement: true });
    const ocrPng = async () => {
      // Gray, contrast stretched (1st–99th percentile, like sharp's normalise() but ~20x cheaper in a JS LUT).
      const gray = await sharp(data, raw).toColourspace('b-w').raw().toBuffer();
      stretchContrast(gray);
      const measure = measurePage(gray, info.width, info.height);
      let page = sharp(gray, { raw: { width: info.width, height: info.height, channels: 1 } });
      // Small text (a screenshot, a fax, a low-resolution scan): tesseract's LSTM reads lines about 40 px high
      // well from ~30 px and misses whole words at ~12 px; scale such pages up (the engine is told 300 dpi).
      const scale = upscaleFor(measure.lineHeight);
      if (scale > 1) page = page.resize({ width: Math.round(info.width * scale), kernel: 'lanczos3' });
      // A 3x3 median against speckle on noisy paper only: on a clean page it thins strokes for nothing. (On the
      // tuning half without it: noisy pages the same, phone photos 14.5% → 19.1% CER.)
      if (measure.noise > NOISY_PAPER) page = page.median(3);
      return page
        .toColourspace('b-w') // else a 1-band raw input is written as RGB
        .png({ compressionLevel: 4 })
        .toBuffer();
    };
    const [ocr, preview, thumb] = await Promise.all([
      ocrPng(),
      sharp(data, raw).resize(fit(PREVIEW_MAX_SIDE)).jpeg({ quality: 80 }).toBuffer(),
      sharp(data, raw).resize(fit(THUMB_MAX_SIDE)).jpeg({ quality: 75 }).toBuffer(),
    ]);
    return { ocr, preview, thumb, width: info.width, height: info.height };
  } catch (err) {
    throw sharpFailure(err, 0, limits);
  }
}
