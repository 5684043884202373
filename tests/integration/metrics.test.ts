import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { bootSystem, storesEnv, type TestSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { fixtures, scanForm, waitForOcr } from '../support/scans.js';
import { spawnPatravali, type NodeProcess } from '../support/process.js';
import { freePort } from '../support/global-setup.js';

/**
 * What an operator watches: the API in this process (role api, so the jobs it enqueues wait in their
 * queue) serves /metrics with the token; a worker of its own (role worker, as `npm run start:worker`)
 * serves it on METRICS_PORT and works the jobs, its log lines carrying the id of the request that
 * enqueued them.
 */
const TOKEN = 'metrics-test-token-0123456789';
let api: TestSystem;
let db: pg.Pool;
let worker: NodeProcess | null = null;
let socket: Socket | null = null;

beforeAll(async () => {
  await fixtures();
  api = await bootSystem({ env: { ROLE: 'api', METRICS_TOKEN: TOKEN } });
  db = new pg.Pool({ connectionString: api.db.url, max: 2 });
}, 120_000);
afterAll(async () => {
  socket?.close();
  await worker?.stop();
  await db?.end();
  await api?.stop();
});

async function scrape(url: string, token: string | null = TOKEN): Promise<{ status: number; text: string }> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, text: await res.text() };
}

/** One sample's value from the text format (0 when the series is not there). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const m = /^([^{ ]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

describe('metrics', () => {
  it('refuses a scrape without the token, or with another one', async () => {
    expect((await scrape(`${api.url}/metrics`, null)).status).toBe(401);
    expect((await scrape(`${api.url}/metrics`, 'not-the-token-at-all')).status).toBe(401);
    // a session is no way in either
    const admin = await loggedIn(api.url!, 'admin');
    expect((await admin.get('/metrics')).status).toBe(401);
  });

  it('times requests by route template, counts errors, and reads sockets, pools and the audit chain', async () => {
    const before = (await scrape(`${api.url}/metrics`)).text;
    const admin = await loggedIn(api.url!, 'admin');
    const live = { route: '/api/health/live', method: 'GET', status_class: '2xx' };
    for (let i = 0; i < 3; i++) expect((await admin.get('/api/health/live')).status).toBe(200);
    const dak = await loggedIn(api.url!, 'dak.sp');
    const receipt = (
      await dak.post('/api/receipts', { receivedDate: '2026-11-20', mode: 'post', sender: 'Metrics sender', subject: 'Metrics receipt' })
    ).body.receipt;
    expect((await dak.get(`/api/receipts/${receipt.id}`)).status).toBe(200);
    expect((await admin.get('/api/no-such-thing')).status).toBe(404);
    expect((await dak.get('/api/receipts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(api.url!, { transports: ['websocket'], extraHeaders: { cookie: admin.cookieHeader() }, reconnection: false });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });

    const { status, text } = await scrape(`${api.url}/metrics`);
    expect(status).toBe(200);
    const count = (t: string, labels: Record<string, string>) => sample(t, 'patravali_http_request_duration_seconds_count', labels);
    expect(count(text, live) - count(before, live)).toBe(3);
    // a route with an id is one series under its template, never one per id
    expect(count(text, { route: '/api/receipts/:id', method: 'GET', status_class: '2xx' })).toBe(1);
    expect(count(text, { route: '/api/receipts/:id', method: 'GET', status_class: '4xx' })).toBe(1);
    expect(text).not.toContain(receipt.id);
    expect(count(text, { route: 'unmatched', method: 'GET', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    const notFound = { status: '404', code: 'NOT_FOUND' };
    expect(sample(text, 'patravali_http_errors_total', notFound) - sample(before, 'patravali_http_errors_total', notFound)).toBe(2);

    expect(sample(text, 'patravali_socketio_connected')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^patravali_audit_unchained_rows \d+$/m);
    expect(text).toMatch(/^patravali_audit_chain_lag_seconds [\d.e+-]+$/m);
    expect(sample(text, 'patravali_metrics_database_up')).toBe(1);
    expect(sample(text, 'patravali_db_pool_connections', { pool: 'main' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^patravali_db_pool_waiting\{pool="orm"\} \d+$/m);
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('carries a request’s id into its jobs: queued (depth and age), then worked by a worker with the id in its log', async () => {
    const dak = await loggedIn(api.url!, 'dak.sp');
    const res = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'english-letter-clean.jpg' }]), {
      'x-request-id': 'scan-request-0001',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('scan-request-0001');
    const receiptId = res.body.receipts[0].id;
    // an id that is not plain is replaced by one of ours
    const odd = await new ApiClient(api.url!).request('GET', '/api/health/live', undefined, { 'x-request-id': 'bad id\twith spaces' });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    // no worker yet: the job waits, and the API's scrape says so
    const stored = await db.query("select data from pgboss.job where name = 'dak.process-upload' and state = 'created'");
    expect(stored.rows.map((r) => r.data._meta?.requestId)).toContain('scan-request-0001');
    await new Promise((r) => setTimeout(r, 1100));
    const queued = (await scrape(`${api.url}/metrics`)).text;
    expect(sample(queued, 'patravali_job_queue_depth', { queue: 'dak.process-upload' })).toBeGreaterThanOrEqual(1);
    expect(sample(queued, 'patravali_job_queue_oldest_age_seconds', { queue: 'dak.process-upload' })).toBeGreaterThanOrEqual(1);
    expect(sample(queued, 'patravali_job_queue_depth', { queue: 'passes.sign' })).toBe(0);

    const port = await freePort();
    worker = spawnPatravali(
      { ...storesEnv(api.db), DEMO_SEED: 'false', OCR_WORKERS: '1', LOG_LEVEL: 'debug', METRICS_TOKEN: TOKEN, METRICS_PORT: String(port) },
      'worker',
    );
    await worker.waitFor(/is running — role: worker/);
    await waitForOcr(dak, receiptId);
    const workerUrl = `http://127.0.0.1:${port}/metrics`;
    expect((await scrape(workerUrl, null)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(404);
    const worked = await scrape(workerUrl);
    expect(worked.status).toBe(200);
    expect(sample(worked.text, 'patravali_jobs_total', { queue: 'dak.process-upload', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(worked.text, 'patravali_jobs_total', { queue: 'dak.ocr-page', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(worked.text, 'patravali_ocr_pages_total', { outcome: 'done' })).toBe(1);
    expect(sample(worked.text, 'patravali_job_queue_depth', { queue: 'dak.process-upload' })).toBe(0);

    // the worker's lines for the upload's job — and for the OCR job that job enqueued — carry the request's id
    const lines = worker
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = lines.filter((l) => l.msg === 'job completed' && l.requestId === 'scan-request-0001').map((l) => l.job);
    expect(done).toContain('dak.process-upload');
    expect(done).toContain('dak.ocr-page');
  }, 180_000);
});
