/**
 * OCR engine: a tesseract.js scheduler over N worker threads, fully offline.
 *
 * Create it ONCE per process (worker role) and share it: starting costs ~1–2 s and ~60–110 MB per worker;
 * a scheduler queues jobs and hands each to the next free worker, so callers may recognize() concurrently.
 *
 * Second look at doubtful words: after the page pass, the few words read with low confidence are cut out
 * (up to the middle of the gaps to their neighbours, on a white margin) and read again as a single text line
 * (PSM 7); the new reading replaces the old one only when tesseract is clearly more confident in it. In page
 * mode the LSTM sometimes takes a Devanagari word for Latin capitals (आख्या → "HAT", ग्राम → "HTH"); read on
 * its own the word comes out right. ~30–40 ms per re-read word; a clean page has 0–3 of them (+4 % OCR time
 * on the fixture letters, CER 0.5 % → 0.2 %). Off by default since automatic page segmentation (DEFAULT_REREAD).
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import Tesseract from 'tesseract.js';

export interface OcrResult {
  text: string;
  confidence: number /* 0–100 */;
}

export interface OcrEngine {
  readonly workers: number;
  recognize(image: Buffer): Promise<OcrResult>;
  close(): Promise<void>;
}

/** Which words get a second look (see the header). */
export interface RereadOptions {
  /** Words with a confidence below this (0–100) are read again on their own. */
  belowConfidence: number;
  /** At most this many words per page, lowest confidence first; 0 turns the second look off. */
  maxWords: number;
  /** The new reading must be at least this much more confident (0–100 points) than the old one. */
  minGain: number;
  /** The word crop is scaled by this factor (lanczos3) before it is read again; 1 = as it is. */
  scale: number;
}

/**
 * Off by default. It was measured on the project's own fixture letters, read one uniform block at a time (PSM 6):
 * there the script mix-ups had confidence 30–65, sound words rarely fell below 70, and ten words a page took CER
 * from 0.5% to 0.2%. On the evaluation set's tuning half, read with automatic page segmentation, it does not help
 * (CER 13.9% without, 14.3% with ten words a page) and costs ~5% of the throughput. Scale 1 (no resampling) is the
 * cheapest and the most stable: at 1.5x the reading of a word flips with sub-pixel resampling differences, 2x reads
 * about as well as 1x but costs ~4x the time.
 */
export const DEFAULT_REREAD: RereadOptions = { belowConfidence: 70, maxWords: 0, minGain: 10, scale: 1 };

/** The page resolution tesseract is told (prepared pages are ~300 dpi and carry no density). */
const PAGE_DPI = 300;

const require = createRequire(import.meta.url);
/** The language data shipped by @tesseract.js-data/<lang> (LSTM "best_int" models). */
const traineddataOf = (lang: string) =>
  path.join(path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int', `${lang}.traineddata.gz`);

/** Puts <lang>.traineddata.gz for every language into langDir (copy, atomic rename; skipped when already there). */
export async function ensureLangData(langDir: string, langs: string[]): Promise<void> {
  await mkdir(langDir, { recursive: true });
  await Promise.all(
    langs.map(async (lang) => {
      const source = traineddataOf(lang);
      const target = path.join(langDir, `${lang}.traineddata.gz`);
      const [src, dst] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
      if (dst && dst.size === src.size) return;
      const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await copyFile(source, tmp);
        await rename(tmp, target);
      } finally {
        await rm(tmp, { force: true });
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------- second look

type Box = Tesseract.Bbox;
/** The parts of tesseract's JSON result (`blocks` output) the second look uses. */
export interface OcrWord {
  text: string;
  confidence: number;
  bbox: Box;
}
export interface OcrLine {
  text: string;
  bbox: Box;
  words: OcrWord[];
}

/** All text lines of a page result, in reading order (the order of `text`). */
export const linesOf = (blocks: Tesseract.Block[] | null | undefined): OcrLine[] =>
  (blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));

/** The words worth a second look: confidence below `belowConfidence`, at most `maxWords`, lowest first, in lines whose text is exactly their words joined by spaces (so that a word can be replaced in place). */
export function doubtfulWords(
  lines: OcrLine[],
  opts: Pick<RereadOptions, 'belowConfidence' | 'maxWords'>,
): { line: OcrLine; index: number }[] {
  const found: { line: OcrLine; index: number }[] = [];
  for (const line of lines) {
    if (line.text.trimEnd() !== line.words.map((w) => w.text).join(' ')) continue;
    line.words.forEach((w, index) => {
      if (w.confidence < opts.belowConfidence && w.text.trim()) found.push({ line, index });
    });
  }
  return found.sort((a, b) => a.line.words[a.index]!.confidence - b.line.words[b.index]!.confidence).slice(0, Math.max(0, opts.maxWords));
}

/** The region to read again for word `index` of `line`: horizontally from the middle of the gap to the previous word to the middle of the gap to the next one (half a line height past the line's ends), vertically the line's box (grown to the word's box if that sticks out); clipped to the page. Undefined when nothing is left. */
export function wordCropBox(
  line: OcrLine,
  index: number,
  page: { width: number; height: number },
): { left: number; top: number; width: number; height: number } | undefined {
  const word = line.words[index];
  if (!word) return undefined;
  const lineHeight = line.bbox.y1 - line.bbox.y0;
  const prev = line.words[index - 1];
  const next = line.words[index + 1];
  const x0 = prev ? (prev.bbox.x1 + word.bbox.x0) / 2 : word.bbox.x0 - lineHeight / 2;
  const x1 = next ? (word.bbox.x1 + next.bbox.x0) / 2 : word.bbox.x1 + lineHeight / 2;
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(Math.min(line.bbox.y0, word.bbox.y0)));
  const right = Math.min(page.width, Math.ceil(x1));
  const bottom = Math.min(page.height, Math.ceil(Math.max(line.bbox.y1, word.bbox.y1)));
  if (right - left < 2 || bottom - top < 2) return undefined;
  return { left, top, width: right - left, height: bottom - top };
}

/** `text` with the given words replaced (`replacements`: line → word index → new text). Lines are found in `text` in order; a line that cannot be found is left as it is. */
export function replaceWords(text: string, lines: OcrLine[], replacements: Map<OcrLine, Map<number, string>>): string {
  let out = '';
  let cursor = 0;
  for (const line of lines) {
    const original = line.words.map((w) => w.text).join(' ');
    const at = original ? text.indexOf(original, cursor) : -1;
    if (at < 0) continue;
    const subs = replacements.get(line);
    const replaced = subs ? line.words.map((w, i) => subs.get(i) ?? w.text).join(' ') : original;
    out += text.slice(cursor, at) + replaced;
    cursor = at + original.length;
  }
  return out + text.slice(cursor);
}

/** The second look at one page (see the header). Best effort: when the image cannot be cut, the page reading stays as it is. */
async function rereadDoubtfulWords(
  image: Buffer,
  page: Tesseract.Page,
  opts: RereadOptions,
  read: (crop: Buffer, params: Partial<Tesseract.WorkerParams>) => Promise<Tesseract.Page>,
): Promise<OcrResult | undefined> {
  const lines = linesOf(page.blocks);
  const doubtful = doubtfulWords(lines, opts);
  if (doubtful.length === 0) return undefined;

  const meta = await sharp(image).metadata();
  // tesseract.js may apply an EXIF orientation itself; then its boxes are not in the stored pixel frame.
  if ((meta.orientation ?? 1) !== 1 || !meta.width || !meta.height) return undefined;
  const size = { width: meta.width, height: meta.height };
  const params: Partial<Tesseract.WorkerParams> = {
    tessedit_pageseg_mode: Tesseract.PSM.SINGLE_LINE,
    user_defined_dpi: String(Math.round(PAGE_DPI * opts.scale)),
    tessedit_do_invert: '0', // a dark-on-light word: no need to try it inverted as well
  };

  const rereads = await Promise.all(
    doubtful.map(async ({ line, index }) => {
      const box = wordCropBox(line, index, size);
      if (!box) return undefined;
      const margin = Math.round(((line.bbox.y1 - line.bbox.y0) / 2) * opts.scale);
      // Cut straight from the encoded page: libvips decodes only what the region needs (~4 ms, a full decode ~35 ms).
      let crop = sharp(image).extract(box);
      if (opts.scale !== 1) crop = crop.resize({ width: Math.round(box.width * opts.scale), kernel: 'lanczos3' });
      const png = await crop
        .extend({ top: margin, bottom: margin, left: margin, right: margin, background: '#ffffff' })
        .toColourspace('b-w')
        .png({ compressionLevel: 1 })
        .toBuffer();
      const again = await read(png, params);
      const text = (again.text ?? '').replace(/\s+/g, ' ').trim();
      const old = line.words[index]!;
      return text && again.confidence >= old.confidence + opts.minGain
        ? { line, index, text, gain: again.confidence - old.confidence }
        : undefined;
    }),
  );
  const replacements = new Map<OcrLine, Map<number, string>>();
  let gain = 0;
  for (const r of rereads) {
    if (!r) continue;
    if (!replacements.has(r.line)) replacements.set(r.line, new Map());
    replacements.get(r.line)!.set(r.index, r.text);
    gain += r.gain;
  }
  if (replacements.size === 0) return undefined;
  const wordCount = lines.reduce((n, l) => n + l.words.length, 0);
  return {
    text: replaceWords(page.text ?? '', lines, replacements),
    // tesseract's page confidence is the mean word confidence: move it by the words' gain.
    confidence: clampConfidence((page.confidence ?? 0) + gain / Math.max(1, wordCount)),
  };
}

const clampConfidence = (c: number) => Math.max(0, Math.min(100, c));

// ---------------------------------------------------------------------------------------------- engine

/** tesseract.js scheduler with `workers` workers, fully offline: copies/links eng+hin traineddata.gz into ONE folder `langDir` (created if missing), langPath=langDir, gzip:true, cacheMethod:'none', OEM LSTM_ONLY, languages from `langs` (default 'eng+hin' — with hin+eng digits get dropped). `reread` tunes the second look at doubtful words (default DEFAULT_REREAD; `false` or maxWords 0 turns it off). */
export async function createTesseractEngine(opts: {
  workers: number;
  langDir: string;
  langs?: string;
  reread?: Partial<RereadOptions> | false;
  log?: { info(o: object, m?: string): void };
}): Promise<OcrEngine> {
  const reread: RereadOptions = { ...DEFAULT_REREAD, ...(opts.reread || {}), ...(opts.reread === false ? { maxWords: 0 } : {}) };
  const langs = opts.langs ?? 'eng+hin';
  const count = Math.max(1, Math.floor(opts.workers));
  const langList = langs.split('+').filter(Boolean);
  const langDir = path.resolve(opts.langDir);
  const started = performance.now();
  await ensureLangData(langDir, langList);

  const scheduler = Tesseract.createScheduler();
  const created = await Promise.allSettled(
    Array.from({ length: count }, () =>
      Tesseract.createWorker(langs, Tesseract.OEM.LSTM_ONLY, {
        langPath: langDir, // a local folder: read with fs, never fetched
        gzip: true,
        cacheMethod: 'none', // else 7 MB of cache is written into the cwd
        legacyCore: false,
        legacyLang: false,
        errorHandler: (err: unknown) => opts.log?.info({ err: String(err) }, 'tesseract worker error'),
      }),
    ),
  );
  const workers = created.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = created.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.allSettled(workers.map((w) => w.terminate()));
    throw new Error(`tesseract worker failed to start: ${String(failed.reason)}`);
  }
  await Promise.all(
    workers.map((w) =>
      w.setParameters({
        // Automatic page segmentation, as the tesseract CLI does: the library's own default is one uniform block
        // of text (PSM 6), which reads a two-column block or a table line by line across and misreads more on
        // JPEG scans (evaluation set, tuning half: CER 12.6% → see README "OCR")
        tessedit_pageseg_mode: Tesseract.PSM.AUTO,
        user_defined_dpi: String(PAGE_DPI), // prepared pages are ~300 dpi and carry no density; avoids "Invalid resolution 0 dpi"
        // letters are dark text on light paper (and pages are contrast-stretched): trying every doubtful line
        // inverted as well costs ~6% and found nothing on the fixture letters; white-on-dark banners are not read
        tessedit_do_invert: '0',
      }),
    ),
  );
  for (const w of workers) scheduler.addWorker(w);
  opts.log?.info({ workers: count, langs, langDir, ms: Math.round(performance.now() - started) }, 'ocr engine started');

  let closed: Promise<void> | undefined;
  return {
    workers: count,
    async recognize(image: Buffer): Promise<OcrResult> {
      if (closed) throw new Error('ocr engine is closed');
      const rereading = reread.maxWords > 0;
      const { data } = await scheduler.addJob('recognize', image, {}, { text: true, blocks: rereading });
      const first = { text: data.text ?? '', confidence: clampConfidence(data.confidence ?? 0) };
      if (!rereading) return first;
      try {
        const read = async (crop: Buffer, params: Partial<Tesseract.WorkerParams>) =>
          // Per-job parameters: tesseract.js sets them for this job only and restores them afterwards.
          (await scheduler.addJob('recognize', crop, params as Partial<Tesseract.RecognizeOptions>)).data;
        return (await rereadDoubtfulWords(image, data, reread, read)) ?? first;
      } catch (err) {
        if (closed) throw err;
        opts.log?.info({ err: String(err) }, 'ocr: second look at doubtful words failed; page reading kept');
        return first;
      }
    },
    close() {
      closed ??= scheduler.terminate().then(() => undefined);
      return closed;
    },
  };
}
