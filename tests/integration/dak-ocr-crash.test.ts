import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { bootSystem, storesEnv, type TestSystem } from '../support/boot.js';
import { loggedIn } from '../support/api-client.js';
import { fixtures, scanForm, waitForOcr } from '../support/scans.js';
import { spawnPatravali, type NodeProcess } from '../support/process.js';

/** The API in this process; OCR in separate worker processes, one of which is killed mid-page. */
let api: TestSystem;
let db: pg.Pool;
const workers: NodeProcess[] = [];

beforeAll(async () => {
  await fixtures();
  api = await bootSystem({ env: { ROLE: 'api', SCAN_JOB_SECONDS_PER_PAGE: '3' } });
  db = new pg.Pool({ connectionString: api.db.url, max: 2 });
}, 120_000);
afterAll(async () => {
  for (const w of workers) await w.stop('SIGKILL');
  await db?.end();
  await api?.stop();
});

function startWorker(): NodeProcess {
  const w = spawnPatravali(
    {
      ...storesEnv(api.db),
      DEMO_SEED: 'false',
      OCR_WORKERS: '1',
      OCR_JOB_TIMEOUT_SECONDS: '6',
      SCAN_JOB_SECONDS_PER_PAGE: '3',
      JOB_MAINTENANCE_SECONDS: '2',
    },
    'worker',
  );
  workers.push(w);
  return w;
}

describe('a worker killed mid-OCR', () => {
  it('loses nothing: after a new worker starts, every page completes exactly once', async () => {
    const first = startWorker();
    await first.waitFor(/is running — role: worker/);
    const dak = await loggedIn(api.url!, 'dak.sp');
    const res = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'mixed-letter-multipage.tif' }]));
    expect(res.status).toBe(201);
    const receiptId = res.body.receipts[0].id;

    // wait until an OCR job is running in the first worker, then kill it without warning
    await expect
      .poll(
        async () =>
          (await db.query("select count(*)::int as n from pgboss.job where name = 'dak.ocr-page' and state = 'active'")).rows[0].n,
        { timeout: 60_000, interval: 50 },
      )
      .toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const pagesAfterKill = (await db.query('select status from receipt_page where receipt_id = $1', [receiptId])).rows.map((r) => r.status);
    expect(pagesAfterKill).toHaveLength(3);
    expect(pagesAfterKill.filter((s) => s === 'done').length).toBeLessThan(3);
    const receiptWhileDown = (await dak.get(`/api/receipts/${receiptId}`)).body;
    expect(receiptWhileDown.progress.processing).toBe(true); // not shown as done

    const second = startWorker();
    await second.waitFor(/is running — role: worker/);
    const done = await waitForOcr(dak, receiptId, 120_000).catch(async (err) => {
      console.log(
        'DEBUG jobs',
        JSON.stringify(
          (
            await db.query(
              "select name, state, retry_count, started_on, expire_in, completed_on from pgboss.job where name like 'dak.%' order by created_on",
            )
          ).rows,
        ),
      );
      console.log(
        'DEBUG pages',
        JSON.stringify((await db.query('select page_no, status, ocr_attempts from receipt_page where receipt_id = $1', [receiptId])).rows),
      );
      console.log('DEBUG worker2', second.output().slice(-3000));
      throw err;
    });
    expect(done.pages.map((p: any) => [p.pageNo, p.status])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'done'],
    ]);
    expect(done.pages.every((p: any) => p.ocrText && p.ocrText.length > 50)).toBe(true);
    const rows = (await db.query('select count(*)::int as n from receipt_page where receipt_id = $1', [receiptId])).rows[0].n;
    expect(rows).toBe(3);
    // a page is saved before pg-boss marks its job completed: the last job completes a moment after its page
    const jobStates = async () =>
      (await db.query("select state from pgboss.job where name = 'dak.ocr-page' order by state")).rows.map((j) => j.state);
    await expect.poll(jobStates, { timeout: 30_000, interval: 100 }).toEqual(['completed', 'completed', 'completed']);
  }, 180_000);
});
