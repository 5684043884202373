import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES_DIR, makeFixtures, type FixtureManifest } from '../../../../tests/fixtures/make-fixtures.js';
import { preparePage, rasterisePages, type ScanLimits } from '../images/scan-file.js';
import { createTesseractEngine, type OcrEngine } from './ocr-engine.js';

const LIMITS: ScanLimits = { maxBytes: 40 * 1024 * 1024, maxPages: 50, maxPixelsPerPage: 60_000_000 };
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

let manifest: FixtureManifest;
let engine: OcrEngine;
let langDir: string;
let tmp: string;
const logs: object[] = [];

const prepared = async (file: string) => (await preparePage(await readFile(path.join(manifest.dir, file)), LIMITS)).ocr;
/** OCR text with whitespace collapsed, so that keywords split over line ends still match. */
const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ');

function canUnshareNetwork(): boolean {
  try {
    execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'patravali-ocr-'));
  langDir = path.join(tmp, 'lang', 'nested'); // created by the engine
  const [m, e] = await Promise.all([
    makeFixtures(DEFAULT_FIXTURES_DIR),
    createTesseractEngine({ workers: 2, langDir, log: { info: (o) => logs.push(o) } }),
  ]);
  manifest = m;
  engine = e;
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('tesseract engine (eng+hin, 2 workers)', () => {
  it('puts both languages in one langDir and writes no cache into the cwd', async () => {
    expect(engine.workers).toBe(2);
    expect((await readdir(langDir)).sort()).toEqual(['eng.traineddata.gz', 'hin.traineddata.gz']);
    expect((await readdir(process.cwd())).filter((f) => f.includes('traineddata'))).toEqual([]);
    expect(logs.some((o) => 'workers' in o)).toBe(true);
  });

  it('reads four pages in parallel: Hindi, English, EXIF-rotated Hindi and a mixed TIFF page', async () => {
    const tiff = await readFile(path.join(manifest.dir, 'mixed-letter-multipage.tif'));
    let mixedPage: Buffer | undefined;
    for await (const page of rasterisePages(tiff, 'tiff', LIMITS)) {
      mixedPage = page.image;
      break;
    }
    const images = await Promise.all([
      prepared('hindi-letter-clean.png'),
      prepared('english-letter-clean.jpg'),
      prepared('hindi-letter-exif.jpg'),
      preparePage(mixedPage!, LIMITS).then((p) => p.ocr),
    ]);
    const [hindi, english, exif, mixed] = await Promise.all(images.map((img) => engine.recognize(img)));

    const h = squash(hindi!.text);
    for (const word of ['पत्रांक', '117', 'विषय', 'चोरी']) expect(h, word).toContain(word);
    expect(hindi!.confidence).toBeGreaterThan(70);

    const en = squash(english!.text);
    expect(en).toContain('Subject');
    expect(en).toContain('45/2026');
    expect(english!.confidence).toBeGreaterThan(70);

    const x = squash(exif!.text);
    for (const word of ['पत्रांक', '117', 'विषय', 'चोरी']) expect(x, word).toContain(word);

    const mx = squash(mixed!.text);
    for (const word of ['पत्रांक', 'विषय', 'Subject', '233/2026']) expect(mx, word).toContain(word);
  }, 60_000);

  it('close() ends the workers; recognize afterwards fails', async () => {
    const own = await createTesseractEngine({ workers: 1, langDir });
    const tiny = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await own.recognize(tiny);
    await own.close();
    await own.close(); // idempotent
    await expect(own.recognize(tiny)).rejects.toThrow(/closed/);
  }, 30_000);

  it.skipIf(!canUnshareNetwork())(
    'needs no network (runs in a network namespace with no interfaces up)',
    async () => {
      const script = path.join(tmp, 'offline.mts');
      const crop = path.join(tmp, 'crop.png');
      await sharp(path.join(manifest.dir, 'english-letter-clean.jpg'))
        .extract({ left: 250, top: 250, width: 1800, height: 420 })
        .grayscale()
        .png()
        .toFile(crop);
      const engineUrl = new URL('./ocr-engine.ts', import.meta.url).href;
      await writeFile(
        script,
        `import { readFile } from 'node:fs/promises';
import { createTesseractEngine } from ${JSON.stringify(engineUrl)};
const blocked = await fetch('http://example.com/').then(() => false, () => true);
const engine = await createTesseractEngine({ workers: 1, langDir: ${JSON.stringify(path.join(tmp, 'offline-lang'))} });
const r = await engine.recognize(await readFile(${JSON.stringify(crop)}));
await engine.close();
console.log(JSON.stringify({ blocked, text: r.text }));
`,
      );
      const { stdout } = await promisify(execFile)('unshare', ['-n', process.execPath, '--import', 'tsx', script], {
        cwd: REPO,
        timeout: 30_000,
      });
      const out = JSON.parse(stdout.trim().split('\n').pop()!) as { blocked: boolean; text: string };
      expect(out.blocked).toBe(true);
      expect(out.text).toContain('DISTRICT MAGISTRATE');
    },
    40_000,
  );
});
