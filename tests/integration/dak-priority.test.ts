import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { bootSystem, storesEnv, type TestSystem } from '../support/boot.js';
import { loggedIn } from '../support/api-client.js';
import { fixtures, scanForm, waitForOcr } from '../support/scans.js';
import { spawnPatravali, type NodeProcess } from '../support/process.js';
import { ENGLISH_LETTER, renderLetterPdf } from '../fixtures/make-fixtures.js';

/** Fresh dak is served before a backlog: a one-page letter scanned after a long bundle is read first. */
let api: TestSystem;
let db: pg.Pool;
let worker: NodeProcess | null = null;

beforeAll(async () => {
  await fixtures();
  api = await bootSystem({ env: { ROLE: 'api' } });
  db = new pg.Pool({ connectionString: api.db.url, max: 2 });
}, 120_000);
afterAll(async () => {
  await worker?.stop('SIGINT');
  await db?.end();
  await api?.stop();
});

describe('OCR priorities', () => {
  it('reads a fresh one-page letter before a 14-page backlog queued earlier', async () => {
    const dak = await loggedIn(api.url!, 'dak.sp');
    const bundle = await renderLetterPdf(
      Array.from({ length: 14 }, (_, i) => [`Backlog register page ${i + 1}`, ...ENGLISH_LETTER[0]!.slice(0, 6)]),
    );
    const backlog = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'old-register.pdf', bytes: bundle }]));
    expect(backlog.status).toBe(201);
    const fresh = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'hindi-letter-clean.png' }]));
    expect(fresh.status).toBe(201);
    const queue = (await dak.get('/api/dak/queue')).body;
    expect(queue.preprocessingWaiting).toBe(2);
    expect(queue.pagesPending).toBe(15);

    worker = spawnPatravali(
      {
        ...storesEnv(api.db),
        DEMO_SEED: 'false',
        OCR_WORKERS: '1',
      },
      'worker',
    );
    await worker.waitFor(/is running — role: worker/);
    await waitForOcr(dak, fresh.body.receipts[0].id, 90_000);
    const backlogPages = (
      await db.query(
        "select count(*) filter (where status = 'done')::int as done, count(*)::int as all from receipt_page where receipt_id = $1",
        [backlog.body.receipts[0].id],
      )
    ).rows[0];
    expect(backlogPages.all).toBe(14);
    expect(backlogPages.done).toBeLessThanOrEqual(2); // first come, first served would have read all 14 first
  }, 180_000);
});
