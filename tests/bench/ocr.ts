/**
 * OCR benchmark (npm run bench:ocr) on the evaluation set (tests/fixtures/ocr-eval.ts: letters in ten Devanagari
 * families, scanned twelve ways): every page of the held-out half (OCR_HALF=tune for the tuning half, all for
 * both) through our pipeline — preparePage + tesseract.js, N workers — and through Debian's `tesseract` CLI
 * (apt-get install tesseract-ocr tesseract-ocr-hin) on the very same pages as they came out of the scan
 * (PDF/TIFF pages rasterised as ours are), once with Debian's tessdata and once with the models tesseract.js
 * uses (4.0.0_best_int), OMP_THREAD_LIMIT=1 and the same parallelism. Character and word error rate per
 * variant, per variant class and per font; throughput of both from the same run. Finally: one A4 page from
 * upload bytes to text (inspect + rasterise + prepare + OCR) on an idle engine.
 *
 *   node --import tsx tests/bench/ocr.ts            OCR_HALF=held|tune|all   OCR_ONLY=<variants or classes, comma-separated>
 *                                                   OCR_PAGES=1 (per page)   OCR_REREAD=<max words read again per page; 0 = off>
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_FIXTURES_DIR, HINDI_LETTER, makeFixtures, renderLetterPdf } from '../fixtures/make-fixtures.js';
import { cer, normaliseText, wer } from './ocr-metrics.js';
import { DEFAULT_OCR_EVAL_DIR, makeOcrEvalSet, type EvalFile } from '../fixtures/ocr-eval.js';
import { inspectScan, preparePage, rasterisePages, type ScanLimits } from '../../backend/src/infra/images/scan-file.js';
import { createTesseractEngine, ensureLangData } from '../../backend/src/infra/ocr/ocr-engine.js';

const LIMITS: ScanLimits = { maxBytes: 40 * 1024 * 1024, maxPages: 100, maxPixelsPerPage: 60_000_000 };
const N = os.availableParallelism();
const run = promisify(execFile);
const now = () => performance.now();
const secs = (ms: number) => (ms / 1000).toFixed(2);

/** Runs tasks with at most `limit` in flight; returns results in order and the wall time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return { results, wallMs: now() - started };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

interface Page {
  label: string;
  /** The page as it came out of the scan (PDF/TIFF pages rasterised), what native tesseract reads. */
  image: Buffer;
  ext: string;
  truth: string;
  file: EvalFile;
}

function table(rows: (string | number)[][]) {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]!) : String(v).padStart(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

interface Reading {
  text: string;
  ms: number;
}
interface Engine {
  name: string;
  wallMs: number;
  readings: Reading[];
}

// ------------------------------------------------------------------------------------------ main

async function main() {
  const half = (process.env.OCR_HALF ?? 'held') as 'held' | 'tune' | 'all';
  const only = process.env.OCR_ONLY?.split(',');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'patravali-bench-'));
  try {
    let t = now();
    const manifest = await makeOcrEvalSet(DEFAULT_OCR_EVAL_DIR);
    console.log(`evaluation set: ${manifest.dir} (${secs(now() - t)} s), fonts: ${manifest.fonts.join(', ')}`);

    const pages: Page[] = [];
    for (const f of manifest.files) {
      if (half !== 'all' && f.half !== half) continue;
      if (only && !only.includes(f.variant) && !only.includes(f.variantClass)) continue;
      const bytes = await readFile(path.join(manifest.dir, f.file));
      for await (const p of rasterisePages(bytes, f.kind, LIMITS)) {
        const asIs = f.kind === 'jpeg' || f.kind === 'png';
        pages.push({
          label: `${f.file}#${p.index + 1}`,
          image: p.image,
          ext: asIs ? path.extname(f.file) : '.png',
          truth: f.text[p.index] ?? '',
          file: f,
        });
      }
    }
    console.log(`half: ${half}, pages: ${pages.length}, cores: ${N}, workers: ${N}`);

    const rssBefore = process.memoryUsage().rss;
    t = now();
    const reread = process.env.OCR_REREAD === undefined ? undefined : { maxWords: Number(process.env.OCR_REREAD) };
    const engine = await createTesseractEngine({ workers: N, langDir: path.join(tmp, 'lang'), reread });
    const startMs = now() - t;
    const rssEngine = process.memoryUsage().rss;
    console.log(`engine start: ${secs(startMs)} s; RSS +${((rssEngine - rssBefore) / 2 ** 20).toFixed(0)} MiB for ${N} workers`);
    // Warm-up so that the first measured page does not pay for lazy initialisation.
    const warm = await preparePage(pages[0]!.image, LIMITS);
    await Promise.all(Array.from({ length: N }, () => engine.recognize(warm.ocr)));

    // --- ours: prepare + OCR per page, N in parallel
    const oursRun = await pool(pages, N, async (p) => {
      const t0 = now();
      const prep = await preparePage(p.image, LIMITS);
      const r = await engine.recognize(prep.ocr);
      return { text: r.text, ms: now() - t0, ocr: prep.ocr };
    });
    const engines: Engine[] = [{ name: 'ours (prepare + OCR)', wallMs: oursRun.wallMs, readings: oursRun.results }];
    // --- ours: OCR only, on the pages as prepared (what the OCR job does; preparing runs at upload)
    const ocrOnly = await pool(oursRun.results, N, (r) => engine.recognize(r.ocr));
    const rssPeak = process.memoryUsage().rss;

    // --- native CLI on the pages as scanned
    let hasCli = false;
    try {
      execFileSync('which', ['tesseract'], { stdio: 'ignore' });
      hasCli = true;
    } catch {
      /* not installed */
    }
    if (hasCli) {
      const files = await Promise.all(
        pages.map(async (p, i) => {
          const file = path.join(tmp, `page-${String(i).padStart(3, '0')}${p.ext}`);
          await writeFile(file, p.image);
          return file;
        }),
      );
      const sameModels = path.join(tmp, 'tessdata-best-int');
      await ensureLangData(sameModels, ['eng', 'hin']);
      for (const lang of ['eng', 'hin']) {
        const gz = await readFile(path.join(sameModels, `${lang}.traineddata.gz`));
        await writeFile(path.join(sameModels, `${lang}.traineddata`), gunzipSync(gz));
      }
      const variants: { name: string; extra: string[] }[] = [];
      const listed = execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
      if (/^hin$/m.test(listed) && /^eng$/m.test(listed)) variants.push({ name: 'native, Debian models', extra: [] });
      variants.push({ name: 'native, our models', extra: ['--tessdata-dir', sameModels] });
      for (const v of variants) {
        const res = await pool(files, N, async (file) => {
          const t0 = now();
          const { stdout } = await run('tesseract', [file, 'stdout', ...v.extra, '-l', 'eng+hin', '--oem', '1'], {
            env: { ...process.env, OMP_THREAD_LIMIT: '1' },
            maxBuffer: 16 * 2 ** 20,
          });
          return { text: stdout, ms: now() - t0 };
        });
        engines.push({ name: v.name, wallMs: res.wallMs, readings: res.results });
      }
    } else console.log('tesseract CLI: not found (`which tesseract`), native comparison skipped');

    // --- latency: one A4 page from upload bytes to text, engine idle
    const fixtures = await makeFixtures(DEFAULT_FIXTURES_DIR);
    const onePagePdf = await renderLetterPdf(HINDI_LETTER);
    const jpeg = await readFile(path.join(fixtures.dir, 'english-letter-clean.jpg'));
    const latency = async (bytes: Buffer) => {
      const times: number[] = [];
      for (let k = 0; k < 3; k++) {
        const t0 = now();
        const info = await inspectScan(bytes, LIMITS);
        for await (const p of rasterisePages(bytes, info.kind, LIMITS)) {
          const prep = await preparePage(p.image, LIMITS);
          await engine.recognize(prep.ocr);
        }
        times.push(now() - t0);
      }
      return median(times);
    };
    const latPdf = await latency(onePagePdf);
    const latJpeg = await latency(jpeg);
    await engine.close();

    // --- report
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const cers = engines.map((e) => e.readings.map((r, i) => cer(r.text, pages[i]!.truth)));
    const wers = engines.map((e) => e.readings.map((r, i) => wer(r.text, pages[i]!.truth)));
    const short = ['ours', 'Debian', 'same models'];
    if (process.env.OCR_PAGES) {
      console.log('\nper page: CER (WER)');
      table([
        ['page', 'font', ...engines.map((_, k) => short[k]!)],
        ...pages.map((p, i) => [p.label, p.file.font, ...engines.map((_, k) => `${pct(cers[k]![i]!)} (${pct(wers[k]![i]!)})`)]),
      ]);
    }
    const groupBy = (key: (p: Page) => string) => {
      const groups = new Map<string, number[]>();
      pages.forEach((p, i) => groups.set(key(p), [...(groups.get(key(p)) ?? []), i]));
      return [...groups.entries()];
    };
    const summary = (title: string, key: (p: Page) => string) => {
      console.log(`\n${title}: mean CER / WER over the pages (${half} half)`);
      table([
        [title, 'pages', ...engines.map((_, k) => `CER ${short[k]}`), ...engines.map((_, k) => `WER ${short[k]}`), 'CER ours ≤ Debian'],
        ...groupBy(key).map(([name, idx]) => {
          const m = (xs: number[]) => mean(idx.map((i) => xs[i]!));
          return [
            name,
            idx.length,
            ...cers.map((c) => pct(m(c))),
            ...wers.map((w) => pct(m(w))),
            cers.length > 1 ? (m(cers[0]!) <= m(cers[1]!) + 1e-9 ? 'yes' : 'NO') : '-',
          ];
        }),
      ]);
    };
    summary('variant', (p) => p.file.variant);
    summary('class', (p) => p.file.variantClass);
    summary('font', (p) => p.file.font);
    summary('all', () => 'all pages');
    const empty = engines.map(
      (_, k) => pages.filter((p, i) => normaliseText(engines[k]!.readings[i]!.text).length < normaliseText(p.truth).length * 0.2).length,
    );
    console.log(`\npages read as (nearly) empty (< 20% of their text): ${engines.map((e, k) => `${short[k]} ${empty[k]}`).join(', ')}`);
    const ppm = (e: Engine) => (pages.length / e.wallMs) * 60_000;
    console.log(
      `\nthroughput (${pages.length} pages, ${N} in parallel): ${engines.map((e) => `${e.name} ${ppm(e).toFixed(1)} pages/min`).join('; ')}`,
    );
    const ocrOnlyPpm = (pages.length / ocrOnly.wallMs) * 60_000;
    console.log(`ours, OCR only on the prepared pages: ${ocrOnlyPpm.toFixed(1)} pages/min`);
    for (const e of engines.slice(1))
      console.log(
        `ours/${e.name}: ${(ppm(engines[0]!) / ppm(e)).toFixed(2)}x (prepare + OCR), ${(ocrOnlyPpm / ppm(e)).toFixed(2)}x (OCR only)`,
      );
    console.log(
      `\nupload → text, one A4 page, idle engine (median of 3): PDF ${secs(latPdf)} s, JPEG ${secs(latJpeg)} s` +
        `\nengine start ${secs(startMs)} s; process RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssEngine / 2 ** 20).toFixed(0)} MiB after start → ${(rssPeak / 2 ** 20).toFixed(0)} MiB after the run`,
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
