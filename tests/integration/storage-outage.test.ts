import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import path from 'node:path';
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import sharp from 'sharp';
import { startEmbeddedS3, type EmbeddedS3 } from '@patravali/storage';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { freePort } from '../support/global-setup.js';
import { fixtures, scanForm, waitForOcr } from '../support/scans.js';
import { ROOT_DIR } from '../../backend/src/config/env.js';

/**
 * Object storage of its own (a real S3-protocol server this test stops and starts again on the same
 * port and data) under a running system.
 */
let system: TestSystem;
let s3: EmbeddedS3 | null = null;
let s3Dir = '';
let s3Port = 0;
let dak: ApiClient;
let db: pg.Pool;

const startS3 = async () => (s3 = await startEmbeddedS3({ directory: s3Dir, port: s3Port, buckets: [] }));
const stopS3 = async () => {
  await s3?.stop();
  s3 = null;
};
/** A letter with bytes no other upload had (so it is never a duplicate). */
const freshLetter = async (n: number) =>
  sharp(path.join((await fixtures()).dir, 'english-letter-clean.jpg'))
    .jpeg({ quality: 80 + n })
    .toBuffer();
const counts = async () => {
  const {
    rows: [r],
  } = await db.query(
    'select (select count(*) from receipt)::int as receipts, (select count(*) from receipt_upload)::int as uploads, (select count(*) from receipt_page)::int as pages',
  );
  return r as { receipts: number; uploads: number; pages: number };
};

beforeAll(async () => {
  s3Dir = await mkdtemp(path.join(ROOT_DIR, 'tests', '.tmp', 's3-outage-'));
  await chmod(s3Dir, 0o755);
  s3Port = await freePort();
  await startS3();
  system = await bootSystem({
    env: { S3_ENDPOINT: s3!.endpoint, S3_ACCESS_KEY: s3!.accessKey, S3_SECRET_KEY: s3!.secretKey, S3_BUCKET: 'outage' },
  });
  dak = await loggedIn(system.url!, 'dak.sp');
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
  await fixtures();
}, 180_000);
afterAll(async () => {
  await db?.end();
  await system?.stop();
  await stopS3();
  if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
});

describe('object storage goes away under a running system', () => {
  it('an upload while storage is down answers 503 STORAGE_UNAVAILABLE in the user’s language and creates nothing; health names storage; afterwards the same upload works', async () => {
    const ok = await dak.request(
      'POST',
      '/api/receipts/scans',
      await scanForm([{ file: 'x.jpg', as: 'before.jpg', bytes: await freshLetter(1) }]),
    );
    expect(ok.status).toBe(201);
    const receipt = ok.body.receipts[0];
    await waitForOcr(dak, receipt.id);
    const pageId = (await dak.get(`/api/receipts/${receipt.id}`)).body.pages[0].id;

    await stopS3();
    const before = await counts();
    const letter = await freshLetter(2);
    const res = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'x.jpg', as: 'during.jpg', bytes: letter }]));
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    expect(res.body.error).toBe('STORAGE_UNAVAILABLE');
    expect(res.body.message).toMatch(/document store/);
    dak.lang = 'hi';
    const hindi = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'x.jpg', as: 'during.jpg', bytes: letter }]));
    dak.lang = 'en';
    expect(hindi.status).toBe(503);
    expect(hindi.body.message).toMatch(/[\u0900-\u097F]/);
    // adding pages to an existing receipt, and reading a page image: the same
    const more = await dak.request(
      'POST',
      `/api/receipts/scans?receiptId=${receipt.id}`,
      await scanForm([{ file: 'x.jpg', as: 'more.jpg', bytes: letter }]),
    );
    expect(more.status).toBe(503);
    const image = await dak.get(`/api/receipts/${receipt.id}/pages/${pageId}/preview`);
    expect(image.status).toBe(503);
    expect(image.body.error).toBe('STORAGE_UNAVAILABLE');
    expect(await counts()).toEqual(before); // nothing half-created
    const health = await fetch(`${system.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: 'ok', storage: 'down' });

    await startS3();
    const after = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'x.jpg', as: 'after.jpg', bytes: letter }]));
    expect(after.status).toBe(201);
    const done = await waitForOcr(dak, after.body.receipts[0].id);
    expect(done.pages.every((p: { status: string }) => p.status === 'done')).toBe(true);
    expect((await dak.get(`/api/receipts/${receipt.id}/pages/${pageId}/preview`)).status).toBe(200);
    expect((await fetch(`${system.url}/api/health`)).status).toBe(200);
  }, 120_000);

  it('storage going away while the pages are being prepared: the jobs are retried and finish once it is back', async () => {
    const res = await dak.request(
      'POST',
      '/api/receipts/scans',
      await scanForm([{ file: 'x.jpg', as: 'retried.jpg', bytes: await freshLetter(3) }]),
    );
    expect(res.status).toBe(201);
    await stopS3(); // the original is stored; preparing its pages needs storage again
    await new Promise((r) => setTimeout(r, 4000));
    await startS3();
    const done = await waitForOcr(dak, res.body.receipts[0].id, 120_000);
    expect(done.pages.every((p: { status: string }) => p.status === 'done')).toBe(true);
  }, 150_000);
});
