/**
 * OCR engine: a tesseract.js scheduler over N worker threads, fully offline.
 *
 * Create it ONCE per process (worker role) and share it: starting costs ~1–2 s and ~60–110 MB per worker;
 * a scheduler queues jobs and hands each to the next free worker, so callers may recognize() concurrently.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
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

/** tesseract.js scheduler with `workers` workers, fully offline: copies/links eng+hin traineddata.gz into ONE folder `langDir` (created if missing), langPath=langDir, gzip:true, cacheMethod:'none', OEM LSTM_ONLY, languages from `langs` (default 'eng+hin' — with hin+eng digits get dropped). */
export async function createTesseractEngine(opts: {
  workers: number;
  langDir: string;
  langs?: string;
  log?: { info(o: object, m?: string): void };
}): Promise<OcrEngine> {
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
        user_defined_dpi: '300', // prepared pages are ~300 dpi and carry no density; avoids "Invalid resolution 0 dpi"
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
      const { data } = await scheduler.addJob('recognize', image);
      return { text: data.text ?? '', confidence: Math.max(0, Math.min(100, data.confidence ?? 0)) };
    },
    close() {
      closed ??= scheduler.terminate().then(() => undefined);
      return closed;
    },
  };
}
