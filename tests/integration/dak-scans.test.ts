import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import path from 'node:path';
import sharp from 'sharp';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { fixtures, scanForm, waitForOcr } from '../support/scans.js';

let system: TestSystem;
let base: string;
let dak: ApiClient;
let db: pg.Pool;

beforeAll(async () => {
  system = await bootSystem();
  base = system.url!;
  dak = await loggedIn(base, 'dak.sp');
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
  await fixtures();
}, 180_000);
afterAll(async () => {
  await db?.end();
  await system?.stop();
});

/** The same letter with different bytes (not a duplicate of an earlier upload). */
async function freshCopy(file: string): Promise<Buffer> {
  const m = await fixtures();
  return sharp(path.join(m.dir, file)).png({ compressionLevel: 9, palette: false }).withMetadata({ density: 301 }).toBuffer();
}

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ');

describe('scan intake, OCR and search', () => {
  let created: any[] = [];

  it('turns a batch of Hindi and English scans (JPEG, PNG, EXIF-rotated, multi-page TIFF and PDF) into draft receipts whose OCR finds their key words', async () => {
    const m = await fixtures();
    const names = [
      'hindi-letter-clean.png',
      'english-letter-clean.jpg',
      'hindi-letter-exif.jpg',
      'mixed-letter-multipage.tif',
      'mixed-letter-multipage.pdf',
      'english-letter-noisy.png',
    ];
    const res = await dak.request('POST', '/api/receipts/scans', await scanForm(names.map((file) => ({ file }))));
    expect(res.status).toBe(201);
    expect(res.body.rejected).toEqual([]);
    created = res.body.receipts;
    expect(created.map((r: any) => r.uploads[0].filename)).toEqual(names);
    expect(created.map((r: any) => r.pages.length)).toEqual([1, 1, 1, 3, 2, 1]);
    for (const r of created) {
      expect(r.status).toBe('draft');
      expect(r.diaryNumber).toBeNull();
      expect(r.holder.code).toBe('PBT-SP-DAK');
      expect(r.uploads[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const [i, r] of created.entries()) {
      const done = await waitForOcr(dak, r.id);
      expect(done.pages.every((p: any) => p.status === 'done')).toBe(true);
      const text = squash(done.pages.map((p: any) => p.ocrText).join(' '));
      const fixture = m.files.find((f) => f.file === names[i])!;
      for (const word of fixture.keywords) expect(text, `${names[i]}: ${word}`).toContain(word);
      expect(done.pages[0].ocrConfidence).toBeGreaterThan(50);
    }
  }, 240_000);

  it('keeps the original exactly as uploaded and serves page images only to those who may see the receipt', async () => {
    const r = (await dak.get(`/api/receipts/${created[3].id}`)).body;
    const page = r.pages[1];
    const img = await fetch(`${base}${page.images.thumb}`, { headers: { cookie: dak.cookieHeader() } });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect((await img.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const original = await system.deps.store.getBuffer(r.uploads[0].sha256 && `receipts/${r.id}/originals/${r.uploads[0].sha256}`);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(original).digest('hex')).toBe(r.uploads[0].sha256);
    const outsider = await loggedIn(base, 'sho.kotwali');
    expect((await outsider.get(`/api/receipts/${r.id}`)).status).toBe(404);
    expect((await fetch(`${base}${page.images.thumb}`, { headers: { cookie: outsider.cookieHeader() } })).status).toBe(404);
  });

  it('suggests the diarisation fields from the OCR text', async () => {
    const hindi = (await dak.get(`/api/receipts/${created[0].id}/suggestions`)).body;
    expect(hindi.letterNumber).toContain('117/2026');
    expect(hindi.letterDate).toBe('2026-11-14');
    expect(hindi.subject).toContain('चोरी');
    expect(hindi.language).toBe('hi');
    const english = (await dak.get(`/api/receipts/${created[1].id}/suggestions`)).body;
    expect(english.letterNumber).toContain('45/2026');
    expect(english.subject).toMatch(/Security arrangements/);
    expect(english.language).toBe('en');
  });

  it('finds receipts by OCR text in Hindi and English, by partial or misspelt words, ranked with a highlighted snippet', async () => {
    const hindi = (await dak.get(`/api/search?q=${encodeURIComponent('चोरी')}`)).body;
    expect(hindi.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([created[0].id, created[2].id]));
    expect(hindi.items[0].snippet).toMatch(/«चोरी»/);
    const english = (await dak.get('/api/search?q=Superintendent')).body;
    expect(english.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([created[1].id, created[5].id]));
    const misspelt = (await dak.get('/api/search?q=Superintendant')).body;
    expect(misspelt.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([created[1].id]));
    const partial = (await dak.get('/api/search?q=Verificat')).body;
    expect(partial.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([created[3].id, created[4].id]));
    const page = partial.items.find((i: any) => i.id === created[3].id);
    expect(page.pageNo).toBeGreaterThanOrEqual(1);
    const outsider = await loggedIn(base, 'sho.kotwali');
    expect((await outsider.get(`/api/search?q=${encodeURIComponent('चोरी')}`)).body.items).toEqual([]);
  });

  it('diarises a scanned receipt; its diary number is then searchable', async () => {
    const r = (await dak.get(`/api/receipts/${created[1].id}`)).body;
    const res = await dak.post(`/api/receipts/${r.id}/diarise`, {
      version: r.version,
      receivedDate: '2026-11-20',
      mode: 'post',
      sender: 'ADM Bareilly',
      letterNumber: 'DM/Elec/45/2026',
      letterDate: '2026-11-12',
      subject: 'Security arrangements for the panchayat by-election',
      language: 'en',
      priority: 'immediate',
    });
    expect(res.status).toBe(200);
    const found = (await dak.get(`/api/search?q=${encodeURIComponent(res.body.diaryNumber)}`)).body.items;
    expect(found[0].id).toBe(r.id);
    const again = await dak.post(`/api/receipts/${r.id}/diarise`, {
      version: res.body.receipt.version,
      receivedDate: '2026-11-20',
      mode: 'post',
      sender: 'x',
      subject: 'again',
    });
    expect(again.status).toBe(422);
  });

  it('warns about a file uploaded before and links to its receipt instead of a second receipt', async () => {
    const res = await dak.request(
      'POST',
      '/api/receipts/scans',
      await scanForm([{ file: 'hindi-letter-clean.png', as: 'same-letter-again.png' }]),
    );
    expect(res.status).toBe(200);
    expect(res.body.receipts).toEqual([]);
    expect(res.body.duplicates).toEqual([expect.objectContaining({ file: 'same-letter-again.png', receiptId: created[0].id })]);
    expect(res.body.duplicates[0].message).toMatch(/uploaded before/);
  });

  it('appends pages to an existing receipt', async () => {
    const res = await dak.request(
      'POST',
      `/api/receipts/scans?receiptId=${created[5].id}`,
      await scanForm([{ file: 'hindi-letter-rotated.jpg' }]),
    );
    expect(res.status).toBe(201);
    expect(res.body.receipts[0].id).toBe(created[5].id);
    const done = await waitForOcr(dak, created[5].id);
    expect(done.pages.map((p: any) => p.pageNo)).toEqual([1, 2]);
    expect(squash(done.pages[1].ocrText)).toContain('चोरी');
  }, 120_000);
});

describe('bad input', () => {
  it('refuses each bad file by name with a clear reason in the user’s language, keeps the good ones, and leaves nothing half-created', async () => {
    const hi = await loggedIn(base, 'dak.sp', 'hi');
    await hi.put('/api/me/locale', { locale: 'hi' });
    const before = (await db.query('select count(*)::int as n from receipt')).rows[0].n;
    const m = await fixtures();
    const res = await hi.request(
      'POST',
      '/api/receipts/scans',
      await scanForm([
        ...m.rejects.map((r) => ({ file: r.file })),
        { file: 'good-one.png', bytes: await freshCopy('english-letter-noisy.png') },
      ]),
    );
    await hi.put('/api/me/locale', { locale: 'en' });
    expect(res.status).toBe(201);
    expect(res.body.receipts).toHaveLength(1);
    expect(res.body.rejected.map((r: any) => [r.file, r.reason])).toEqual(m.rejects.map((r) => [r.file, r.reason]));
    for (const r of res.body.rejected) {
      expect(r.message).toContain(r.file);
      expect(r.message).toMatch(/[\u0900-\u097F]/);
    }
    expect(res.body.rejected.find((r: any) => r.reason === 'unsupported').message).toMatch(/JPEG, PNG, TIFF या PDF फ़ाइल नहीं है/);
    const after = (await db.query('select count(*)::int as n from receipt')).rows[0].n;
    expect(after).toBe(before + 1);
    const uploads = (await db.query("select filename from receipt_upload where filename like 'reject-%'")).rows;
    expect(uploads).toEqual([]);
  });

  it('refuses files over the size limit and past the page limit by name', async () => {
    const small = await bootSystem({ db: system.db, env: { SCAN_MAX_BYTES: '200000', SCAN_MAX_PAGES: '2', ROLE: 'api' } });
    try {
      const client = await loggedIn(small.url!, 'dak.sp');
      const res = await client.request(
        'POST',
        '/api/receipts/scans',
        await scanForm([
          { file: 'english-letter-clean.jpg', as: 'big.jpg' },
          { file: 'mixed-letter-multipage.tif', as: 'long.tif' },
        ]),
      );
      expect(res.body.receipts).toEqual([]);
      const byFile = Object.fromEntries(res.body.rejected.map((r: any) => [r.file, r]));
      expect(byFile['big.jpg']?.reason ?? byFile['long.tif']?.reason).toBeDefined();
      expect(byFile['big.jpg'].reason).toBe('too_large');
      expect(byFile['big.jpg'].message).toMatch(/big\.jpg.*MB/);
      expect(['too_many_pages', 'too_large']).toContain(byFile['long.tif'].reason);
    } finally {
      await small.stop();
    }
  });

  it('refuses scanning from a post without the dak capability', async () => {
    const reader = await loggedIn(base, 'reader.sp');
    const res = await reader.request('POST', '/api/receipts/scans', await scanForm([{ file: 'hindi-letter-clean.png' }]));
    expect(res.status).toBe(403);
  });
});
