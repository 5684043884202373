import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { startCluster, type Cluster } from '../../scripts/cluster/cluster.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { fixtures, scanForm, waitForOcr } from '../support/scans.js';
import type { Hint } from '../../backend/src/shared/hints.js';

/**
 * The real cluster of `npm run cluster` (PostgreSQL from Debian, the S3 server, two API nodes, two
 * workers, nginx in front), used through the load balancer as users would; then faults while they work.
 */
let cluster: Cluster;
let db: pg.Pool;
let posts: Record<string, string>;
const sockets: Socket[] = [];

beforeAll(async () => {
  await fixtures();
  cluster = await startCluster({
    // dead workers' jobs are noticed within seconds here (production: 30 s maintenance, 60 s OCR timeout)
    workerEnv: { JOB_MAINTENANCE_SECONDS: '2', OCR_JOB_TIMEOUT_SECONDS: '10', SCAN_JOB_SECONDS_PER_PAGE: '5' },
  });
  db = new pg.Pool({ connectionString: cluster.postgres.ownerUrl, max: 2 });
  db.on('error', () => undefined); // its idle connections break when PostgreSQL restarts
  const admin = await loggedIn(cluster.url, 'admin');
  posts = Object.fromEntries((await admin.get('/api/org/posts?pageSize=100')).body.items.map((p: any) => [p.code, p.id]));
}, 240_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await db?.end();
  await cluster?.stop();
}, 60_000);

const physical = (subject: string) => ({
  receivedDate: '2026-11-20',
  mode: 'post',
  sender: 'Additional SP, Bareilly',
  letterNumber: 'ASP/117/2026',
  letterDate: '2026-11-14',
  subject,
});

/** A Socket.IO client as the web app makes it (websocket transport, reconnecting), through nginx. */
function socketThroughLoadBalancer(client: ApiClient): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(cluster.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookieHeader(), origin: cluster.url },
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

const nextHint = (socket: Socket, match: (h: Hint) => boolean, ms = 10_000) =>
  new Promise<Hint>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no hint arrived')), ms);
    const handler = (h: Hint) => {
      if (!match(h)) return;
      clearTimeout(timer);
      socket.off('hint', handler);
      resolve(h);
    };
    socket.on('hint', handler);
  });

/** How many sockets an API node holds, from its own /metrics (not reachable through the load balancer). */
async function socketsOn(api: Cluster['apis'][number]): Promise<number> {
  return metric(`${api.url}/metrics`, 'patravali_socketio_connected');
}

/** Diarises a letter and sends it to the reader; returns the receipt and its version after the send. */
async function diariseAndSend(dak: ApiClient, subject: string) {
  const created = await dak.post('/api/receipts', physical(subject));
  if (created.status !== 201) return { created: created.status, sent: 0 };
  const receipt = created.body.receipt;
  const sent = await dak.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-READER'] });
  return { created: created.status, sent: sent.status, id: receipt.id as string };
}

describe('a cluster on one machine, through nginx', () => {
  it('answers health and liveness, keeps request ids, and keeps /metrics off the load balancer', async () => {
    const health = await fetch(`${cluster.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok', storage: 'ok' });
    expect((await fetch(`${cluster.url}/api/health/live`)).status).toBe(200);
    const mine = await fetch(`${cluster.url}/api/health/live`, { headers: { 'x-request-id': 'cluster-test-1' } });
    expect(mine.headers.get('x-request-id')).toBe('cluster-test-1');
    const nginxs = await fetch(`${cluster.url}/api/health/live`);
    expect(nginxs.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id
    expect((await fetch(`${cluster.url}/metrics`, { headers: { authorization: `Bearer ${cluster.metricsToken}` } })).status).toBe(404);
    // both nodes take requests (round robin)
    const config = await readFile(cluster.nginx.configFile, 'utf8');
    for (const api of cluster.apis) expect(config).toContain(`server 127.0.0.1:${api.port} max_fails=1`);
  });

  it('takes the client address nginx saw, not one the client wrote into X-Forwarded-For', async () => {
    const client = new ApiClient(cluster.url);
    await client.fetchCsrf();
    const res = await client.request(
      'POST',
      '/api/auth/login',
      { username: 'sp', password: 'patravali-demo' },
      { 'x-forwarded-for': '203.0.113.9' },
    );
    expect(res.status).toBe(200);
    const me = (await client.get('/api/me')).body;
    const row = await db.query(
      "select client_ip from audit_event where action = 'auth.login' and actor_user_id = $1 order by seq desc limit 1",
      [me.user.id],
    );
    // nginx appends the address it saw (127.0.0.1): only that one is trusted, so throttles and the audit log cannot be fooled
    expect(row.rows[0]?.client_ip).toBe('127.0.0.1');
  });

  it('delivers a hint to a socket on one node for a change sent through the other', async () => {
    const reader = await loggedIn(cluster.url, 'reader.sp');
    const socket = await socketThroughLoadBalancer(reader);
    await expect.poll(async () => (await Promise.all(cluster.apis.map(socketsOn))).reduce((a, b) => a + b), { timeout: 10_000 }).toBe(1);
    const holder = (await socketsOn(cluster.apis[0]!)) === 1 ? 0 : 1;
    // the dak clerk works on the other node directly (same cookies and rules: the node's own origin)
    const dak = await loggedIn(cluster.apis[1 - holder]!.url, 'dak.sp');
    const { receipt } = (await dak.post('/api/receipts', physical('Across the nodes'))).body;
    const arrived = nextHint(socket, (h) => h.entity === 'inbox' && h.ids.includes(receipt.id));
    const sent = await dak.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-READER'] });
    expect(sent.status).toBe(200);
    await expect(arrived).resolves.toBeTruthy();
    // and the reader, through the load balancer, sees it
    expect((await reader.get(`/api/receipts/${receipt.id}`)).body.holder.id).toBe(posts['PBT-SP-READER']);
    socket.close();
  });

  it('reads an uploaded scan on a worker (OCR)', async () => {
    const dak = await loggedIn(cluster.url, 'dak.sp');
    const res = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'english-letter-clean.jpg' }]));
    expect(res.status).toBe(201);
    const done = await waitForOcr(dak, res.body.receipts[0].id, 90_000);
    expect(done.pages.map((p: any) => p.status)).toEqual(['done']);
    expect(done.pages[0].ocrText.length).toBeGreaterThan(50);
  }, 120_000);
});

describe('faults while users work', () => {
  it('an API node killed mid-flight: requests go on through the other, the socket reconnects and catches up, nothing acknowledged is lost', async () => {
    const reader = await loggedIn(cluster.url, 'reader.sp');
    const socket = await socketThroughLoadBalancer(reader);
    // the node that holds this (the only) socket is the one killed
    await expect.poll(async () => (await Promise.all(cluster.apis.map(socketsOn))).reduce((a, b) => a + b), { timeout: 10_000 }).toBe(1);
    const victim = (await socketsOn(cluster.apis[0]!)) === 1 ? cluster.apis[0]! : cluster.apis[1]!;
    const disconnected = new Promise<number>((resolve) => socket.once('disconnect', () => resolve(Date.now())));
    const clerks = await Promise.all(Array.from({ length: 4 }, () => loggedIn(cluster.url, 'dak.sp')));

    const results: Array<{ started: number; created: number; sent: number; id?: string }> = [];
    let killedAt = Number.POSITIVE_INFINITY;
    let stopAt = Number.POSITIVE_INFINITY;
    const stream = clerks.map(async (dak, c) => {
      for (let i = 0; Date.now() < stopAt; i++) {
        const started = Date.now();
        const r = await diariseAndSend(dak, `Stream ${c}.${i}`).catch(() => ({ created: 0, sent: 0 }));
        results.push({ started, ...r });
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    const since = new Date().toISOString();
    killedAt = Date.now();
    await victim.stop('SIGKILL');
    stopAt = Date.now() + 5000;
    await Promise.all(stream);

    const before = results.filter((r) => r.started < killedAt);
    const window = results.filter((r) => r.started >= killedAt && r.started < killedAt + 1000);
    const after = results.filter((r) => r.started >= killedAt + 1000);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(4);
    // after a short grace period every request succeeds, on the node that is left
    expect(after.filter((r) => r.created !== 201 || r.sent !== 200)).toEqual([]);
    // in the moment of the kill, a request may fail (a 502 for a POST the dead node had taken), never half-done silently
    for (const r of window) expect([0, 201, 502]).toContain(r.created);

    // every acknowledged diarisation exists, every acknowledged send is with the reader
    const acknowledged = results.filter((r) => r.created === 201 && r.id);
    for (const r of acknowledged) {
      const view = await reader.get(`/api/receipts/${r.id}`);
      if (r.sent === 200) expect(view.body.holder?.id, `receipt ${r.id}`).toBe(posts['PBT-SP-READER']);
    }
    const rows = await db.query('select id from receipt where id = any($1)', [acknowledged.map((r) => r.id)]);
    expect(rows.rowCount).toBe(acknowledged.length);

    // the socket noticed, reconnected through nginx to the node that is left, and hears new hints
    await disconnected;
    await expect.poll(() => socket.connected, { timeout: 15_000 }).toBe(true);
    const survivor = cluster.apis.find((a) => a !== victim)!;
    await expect.poll(() => socketsOn(survivor), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const dak = clerks[0]!;
    const { receipt } = (await dak.post('/api/receipts', physical('After the reconnect'))).body;
    const arrived = nextHint(socket, (h) => h.entity === 'inbox' && h.ids.includes(receipt.id));
    await dak.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-READER'] });
    await expect(arrived).resolves.toBeTruthy();
    // catch-up after the reconnect (as the web app does): everything sent meanwhile is in the changes since the drop
    const changes = (await reader.get(`/api/inbox/changes?since=${encodeURIComponent(since)}`)).body;
    const arrivedIds = new Set(changes.arrived.map((a: any) => a.id));
    for (const r of acknowledged.filter((x) => x.sent === 200 && x.started >= killedAt)) expect(arrivedIds.has(r.id)).toBe(true);

    // the node comes back and takes requests again
    await victim.start();
    await expect.poll(async () => (await fetch(`${victim.url}/api/health`)).status, { timeout: 30_000 }).toBe(200);
    socket.close();
  }, 120_000);

  it('a worker killed in the middle of OCR: the page is read by the other worker, each page once', async () => {
    const [first, second] = cluster.workers as [Cluster['workers'][number], Cluster['workers'][number]];
    // only the first worker works, so the job it is killed in is surely its own
    await second.stop();
    const since = (await db.query('select now() as t')).rows[0].t as Date;
    const dak = await loggedIn(cluster.url, 'dak.sp');
    const res = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'mixed-letter-multipage.tif' }]));
    expect(res.status).toBe(201);
    const receiptId = res.body.receipts[0].id;
    // the upload is split into pages (each page's OCR job enqueued), and a page is being read
    const states = async () =>
      (
        await db.query("select name, state from pgboss.job where name in ('dak.process-upload', 'dak.ocr-page') and created_on > $1", [
          since,
        ])
      ).rows as Array<{ name: string; state: string }>;
    await expect
      .poll(
        async () => {
          const jobs = await states();
          return (
            jobs.some((j) => j.name === 'dak.process-upload' && j.state === 'completed') &&
            jobs.some((j) => j.name === 'dak.ocr-page' && j.state === 'active')
          );
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe(true);
    await first.stop('SIGKILL');
    const pages = (await db.query('select status from receipt_page where receipt_id = $1', [receiptId])).rows;
    expect(pages.filter((p) => p.status === 'done').length).toBeLessThan(3);

    // the other worker alone finishes the job (expired after OCR_JOB_TIMEOUT_SECONDS, then retried)
    await second.start();
    const done = await waitForOcr(dak, receiptId, 120_000);
    const restarted = first.start();
    expect(done.pages.map((p: any) => [p.pageNo, p.status])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'done'],
    ]);
    expect((await db.query('select count(*)::int as n from receipt_page where receipt_id = $1', [receiptId])).rows[0].n).toBe(3);
    // the page the killed worker held was expired and retried
    const retried = await db.query(
      "select count(*)::int as n from pgboss.job where name = 'dak.ocr-page' and retry_count > 0 and created_on > $1",
      [since],
    );
    expect(retried.rows[0].n).toBeGreaterThan(0);
    await restarted;
  }, 180_000);

  it('PostgreSQL restarted: clear 503s meanwhile, then every node recovers by itself', async () => {
    const reader = await loggedIn(cluster.url, 'reader.sp');
    const socket = await socketThroughLoadBalancer(reader);
    const resynced = new Promise<void>((resolve) => socket.once('resync', () => resolve()));
    const dak = await loggedIn(cluster.url, 'dak.sp');
    await cluster.postgres.stop(); // fast shutdown: every connection of every node breaks
    const during = await dak.post('/api/receipts', physical('While the database restarts'));
    expect(during.status, JSON.stringify(during.body)).toBe(503);
    expect(during.body.error).toBe('SERVICE_UNAVAILABLE');
    expect(during.body.message).toMatch(/database/i);
    const health = await fetch(`${cluster.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: 'down', storage: 'ok' });
    await new Promise((r) => setTimeout(r, 2000));
    await cluster.postgres.start();

    // nobody restarts a node: each finds the database again
    for (const api of cluster.apis)
      await expect.poll(async () => (await fetch(`${api.url}/api/health`)).status, { timeout: 30_000, interval: 250 }).toBe(200);
    for (const worker of cluster.workers)
      await expect.poll(() => metric(worker.metricsUrl, 'patravali_metrics_database_up'), { timeout: 30_000, interval: 500 }).toBe(1);
    // the socket's node got its hint listener back and told the socket to catch up (hints of the moments before are not replayed)
    await resynced;
    // the session outlived the restart; writes through each node reach the socket as hints
    for (const api of cluster.apis) {
      const clerk = await loggedIn(api.url, 'dak.sp');
      const { receipt } = (await clerk.post('/api/receipts', physical(`After the restart, via ${api.name}`))).body;
      const arrived = nextHint(socket, (h) => h.entity === 'inbox' && h.ids.includes(receipt.id), 15_000);
      const sent = await clerk.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-READER'] });
      expect(sent.status).toBe(200);
      await expect(arrived).resolves.toBeTruthy();
    }
    // and the workers work jobs again
    const scan = await dak.request(
      'POST',
      '/api/receipts/scans',
      await scanForm([{ file: 'x.jpg', as: 'after-restart.jpg', bytes: await freshLetter(1) }]),
    );
    expect(scan.status).toBe(201);
    expect((await waitForOcr(dak, scan.body.receipts[0].id, 90_000)).pages.map((p: any) => p.status)).toEqual(['done']);
    socket.close();
  }, 150_000);

  it('storage stopped for 30 s: clear 503s, nothing half-created, the jobs finish afterwards', async () => {
    const dak = await loggedIn(cluster.url, 'dak.sp');
    // an upload whose pages are still to be prepared and read when storage goes
    const pending = await dak.request(
      'POST',
      '/api/receipts/scans',
      await scanForm([{ file: 'x.jpg', as: 'pending.jpg', bytes: await freshLetter(2) }]),
    );
    expect(pending.status).toBe(201);
    const stoppedAt = Date.now();
    await cluster.s3.stop();
    const before = await counts();
    const res = await dak.request(
      'POST',
      '/api/receipts/scans',
      await scanForm([{ file: 'x.jpg', as: 'during.jpg', bytes: await freshLetter(3) }]),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    expect(res.body.error).toBe('STORAGE_UNAVAILABLE');
    expect(res.body.message).toMatch(/document store/);
    expect(await counts()).toEqual(before); // nothing half-created
    const health = await fetch(`${cluster.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: 'ok', storage: 'down' });
    // work that needs no storage goes on
    const { receipt } = (await dak.post('/api/receipts', physical('While storage is away'))).body;
    expect(
      (await dak.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-READER'] })).status,
    ).toBe(200);

    await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + 30_000 - Date.now())));
    await cluster.s3.start();
    const done = await waitForOcr(dak, pending.body.receipts[0].id, 150_000);
    expect(done.pages.map((p: any) => p.status)).toEqual(['done']);
    await expect.poll(async () => (await fetch(`${cluster.url}/api/health`)).status, { timeout: 15_000 }).toBe(200);
    const after = await dak.request(
      'POST',
      '/api/receipts/scans',
      await scanForm([{ file: 'x.jpg', as: 'after.jpg', bytes: await freshLetter(3) }]),
    );
    expect(after.status).toBe(201);
  }, 240_000);
});

/** A letter with bytes no other upload had (so it is never a duplicate). */
const freshLetter = async (n: number) =>
  sharp(path.join((await fixtures()).dir, 'english-letter-clean.jpg'))
    .jpeg({ quality: 80 + n })
    .toBuffer();

const counts = async () =>
  (
    await db.query(
      'select (select count(*) from receipt)::int as receipts, (select count(*) from receipt_upload)::int as uploads, (select count(*) from receipt_page)::int as pages',
    )
  ).rows[0] as { receipts: number; uploads: number; pages: number };

/** One value of a node's own /metrics. */
async function metric(url: string, name: string): Promise<number> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${cluster.metricsToken}` } });
  const text = await res.text();
  return Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? 'NaN');
}
