/**
 * OCR benchmark (npm run bench:ocr): every fixture page through preparePage + tesseract.js with a scheduler of
 * N workers (N = cores, pages in parallel); throughput, mean latency per page and character error rate against
 * the fixture ground truth. When Debian's `tesseract` CLI exists, the same prepared PNGs go through it
 * (OMP_THREAD_LIMIT=1, same parallelism, -l eng+hin --oem 1), once with the very models tesseract.js uses
 * (4.0.0_best_int, unpacked) and once with the distribution's own tessdata. Finally: one A4 page from raw
 * upload bytes to text (inspect + rasterise + prepare + OCR) on an idle engine.
 *
 *   node --import tsx tests/bench/ocr.ts [fixturesDir]
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_FIXTURES_DIR, HINDI_LETTER, makeFixtures, renderLetterPdf } from '../fixtures/make-fixtures.js';
import { inspectScan, preparePage, rasterisePages, type ScanLimits } from '../../backend/src/infra/images/scan-file.js';
import { createTesseractEngine, ensureLangData } from '../../backend/src/infra/ocr/ocr-engine.js';

const LIMITS: ScanLimits = { maxBytes: 40 * 1024 * 1024, maxPages: 100, maxPixelsPerPage: 60_000_000 };
const N = os.availableParallelism();
const run = promisify(execFile);
const now = () => performance.now();
const secs = (ms: number) => (ms / 1000).toFixed(2);

// ------------------------------------------------------------------------------------------ text metrics

/** NFC, no zero-width joiners, whitespace collapsed: layout differences are not recognition errors. */
export const normaliseText = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Levenshtein distance over code points (two rows). */
export function levenshtein(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  let cur = new Array<number>(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length]!;
}

/** Character error rate of hypothesis vs reference after normalisation. */
export function cer(hypothesis: string, reference: string): number {
  const ref = normaliseText(reference);
  return levenshtein(normaliseText(hypothesis), ref) / Math.max(1, Array.from(ref).length);
}

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
  image: Buffer;
  truth: string;
}

function table(rows: (string | number)[][]) {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]!) : String(v).padStart(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

// ------------------------------------------------------------------------------------------ main

async function main() {
  const fixturesDir = process.argv[2] ?? DEFAULT_FIXTURES_DIR;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'patravali-bench-'));
  try {
    let t = now();
    const manifest = await makeFixtures(fixturesDir);
    console.log(`fixtures: ${manifest.dir} (${secs(now() - t)} s)`);

    const pages: Page[] = [];
    for (const f of manifest.files) {
      const bytes = await readFile(path.join(manifest.dir, f.file));
      for await (const p of rasterisePages(bytes, f.kind, LIMITS)) {
        pages.push({ label: `${f.file}#${p.index + 1}`, image: p.image, truth: f.text[p.index] ?? '' });
      }
    }
    console.log(`pages: ${pages.length}, cores: ${N}, workers: ${N}`);

    const rssBefore = process.memoryUsage().rss;
    t = now();
    const engine = await createTesseractEngine({ workers: N, langDir: path.join(tmp, 'lang') });
    const startMs = now() - t;
    const rssEngine = process.memoryUsage().rss;
    console.log(`engine start: ${secs(startMs)} s; RSS +${((rssEngine - rssBefore) / 2 ** 20).toFixed(0)} MiB for ${N} workers`);
    // Warm-up so that the first measured page does not pay for lazy initialisation.
    const warm = await preparePage(pages[0]!.image, LIMITS);
    await Promise.all(Array.from({ length: N }, () => engine.recognize(warm.ocr)));

    // --- ours: prepare + OCR per page, N in parallel
    const ours = await pool(pages, N, async (p) => {
      const t0 = now();
      const prep = await preparePage(p.image, LIMITS);
      const t1 = now();
      const r = await engine.recognize(prep.ocr);
      const t2 = now();
      return { ocrPng: prep.ocr, prepareMs: t1 - t0, ocrMs: t2 - t1, text: r.text, confidence: r.confidence };
    });
    const ourCer = ours.results.map((r, i) => cer(r.text, pages[i]!.truth));
    const rssPeak = process.memoryUsage().rss;

    // --- ours: OCR only on the prepared PNGs (the like-for-like comparison with the CLI)
    const ocrOnly = await pool(ours.results, N, (r) => engine.recognize(r.ocrPng));

    // --- native CLI
    const pngs = await Promise.all(
      ours.results.map(async (r, i) => {
        const file = path.join(tmp, `page-${String(i).padStart(2, '0')}.png`);
        await writeFile(file, r.ocrPng);
        return file;
      }),
    );
    let hasCli = false;
    try {
      execFileSync('which', ['tesseract'], { stdio: 'ignore' });
      hasCli = true;
    } catch {
      /* not installed */
    }
    const native: { name: string; wallMs: number; cers: number[]; meanMs: number }[] = [];
    if (hasCli) {
      const sameModels = path.join(tmp, 'tessdata-best-int');
      await ensureLangData(sameModels, ['eng', 'hin']);
      for (const lang of ['eng', 'hin']) {
        const gz = await readFile(path.join(sameModels, `${lang}.traineddata.gz`));
        await writeFile(path.join(sameModels, `${lang}.traineddata`), gunzipSync(gz));
      }
      const variants: { name: string; extra: string[] }[] = [
        { name: 'tesseract CLI, same best_int models', extra: ['--tessdata-dir', sameModels] },
      ];
      const listed = execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
      if (/^hin$/m.test(listed) && /^eng$/m.test(listed)) variants.push({ name: 'tesseract CLI, Debian tessdata', extra: [] });
      for (const v of variants) {
        const res = await pool(pngs, N, async (file) => {
          const t0 = now();
          const { stdout } = await run('tesseract', [file, 'stdout', ...v.extra, '-l', 'eng+hin', '--oem', '1', '--dpi', '300'], {
            env: { ...process.env, OMP_THREAD_LIMIT: '1' },
            maxBuffer: 16 * 2 ** 20,
          });
          return { text: stdout, ms: now() - t0 };
        });
        native.push({
          name: v.name,
          wallMs: res.wallMs,
          cers: res.results.map((r, i) => cer(r.text, pages[i]!.truth)),
          meanMs: mean(res.results.map((r) => r.ms)),
        });
      }
    }

    // --- latency: one A4 page from upload bytes to text, engine idle
    const onePagePdf = await renderLetterPdf(HINDI_LETTER);
    const jpeg = await readFile(path.join(manifest.dir, 'english-letter-clean.jpg'));
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
    const n = pages.length;
    const ppm = (wallMs: number) => ((n / wallMs) * 60_000).toFixed(1);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log('\nper page (ours = tesseract.js eng+hin, prepare+OCR)');
    table([
      ['page', 'prepare s', 'ocr s', 'conf', 'CER ours', ...native.map((_, i) => `CER cli${i + 1}`)],
      ...ours.results.map((r, i) => [
        pages[i]!.label,
        secs(r.prepareMs),
        secs(r.ocrMs),
        r.confidence.toFixed(0),
        pct(ourCer[i]!),
        ...native.map((v) => pct(v.cers[i]!)),
      ]),
    ]);
    console.log(`\nsummary (${n} pages, ${N} in parallel)`);
    const rows: (string | number)[][] = [
      ['pipeline', 'pages/min', 'mean s/page', 'mean CER'],
      ['ours: prepare + OCR', ppm(ours.wallMs), secs(mean(ours.results.map((r) => r.prepareMs + r.ocrMs))), pct(mean(ourCer))],
      ['ours: OCR only', ppm(ocrOnly.wallMs), '-', '-'],
    ];
    native.forEach((v, i) => rows.push([`cli${i + 1}: ${v.name} (OCR only)`, ppm(v.wallMs), secs(v.meanMs), pct(mean(v.cers))]));
    table(rows);
    if (!hasCli) console.log('tesseract CLI: not found (`which tesseract`), native comparison skipped');
    for (const [i, v] of native.entries()) {
      console.log(
        `ours/cli${i + 1} throughput (OCR only): ${(v.wallMs / ocrOnly.wallMs).toFixed(2)}x; ` +
          `CER ours - cli${i + 1}: ${((mean(ourCer) - mean(v.cers)) * 100).toFixed(1)} points`,
      );
    }
    console.log(
      `\nupload → text, one A4 page, idle engine (median of 3): PDF ${secs(latPdf)} s, JPEG ${secs(latJpeg)} s` +
        `\nengine start ${secs(startMs)} s; process RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssEngine / 2 ** 20).toFixed(0)} MiB after start → ${(rssPeak / 2 ** 20).toFixed(0)} MiB after the run`,
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
