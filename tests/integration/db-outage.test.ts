import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { isAlive, spawnPatravali, runCommand, type NodeProcess } from '../support/process.js';
import { freePort } from '../support/global-setup.js';
import { ApiClient } from '../support/api-client.js';
import { ROOT_DIR } from '../../backend/src/config/env.js';

/**
 * The whole system as `npm start` runs it (embedded PostgreSQL and S3 under its own DATA_DIR), while
 * PostgreSQL is killed, frozen and thawed under it, and while the command-line tools run beside it.
 */
const DB_TIMEOUT_SECONDS = 3;
let app: NodeProcess;
let dataDir = '';
let env: Record<string, string>;
let base = '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pgPid = async () => Number((await readFile(path.join(dataDir, 'postgres', 'cluster', 'postmaster.pid'), 'utf8')).split('\n')[0]);
/** The postmaster and every process it started (its backends, checkpointer, …). */
/** Signals a process of PostgreSQL's tree; one that exited since the tree was read (a backend ending) is skipped. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

async function pgProcessTree(root: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone meanwhile */
    }
  }
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...(parents.get(all[i]!) ?? []));
  return all;
}
async function waitHealthy(ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await fetch(`${base}/api/health`).catch(() => null);
    if (res?.status === 200) return;
    if (Date.now() > until) throw new Error(`not healthy after ${ms} ms; output:\n${app.output().slice(-4000)}`);
    await sleep(250);
  }
}
/**
 * Signs in on a system that is up: a 503 (the database slower than the test's short bound on a loaded
 * machine) is what the message says it is — try again — so it is retried for a while, as a user would.
 */
async function signIn(client: ApiClient): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const res = await client.post('/api/auth/login', { username: 'admin', password: 'patravali-demo' });
    if (res.status === 200) return;
    if (res.status !== 503 || Date.now() > until) throw new Error(`login admin failed: ${res.status} ${JSON.stringify(res.body)}`);
    await sleep(500);
  }
}
const timed = async <T>(p: Promise<T>) => {
  const start = Date.now();
  const value = await p;
  return { value, ms: Date.now() - start };
};
const newUser = (username: string) => ({ username, name: { en: username, hi: username }, password: 'outage-pass-1' });
const userNames = async (admin: ApiClient) =>
  ((await admin.get('/api/org/users?pageSize=200')).body.items as Array<{ username: string }>).map((u) => u.username);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(ROOT_DIR, 'tests', '.tmp', 'outage-'));
  await chmod(dataDir, 0o755);
  env = {
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    EMBEDDED_PG_PORT: String(await freePort()),
    EMBEDDED_S3_PORT: String(await freePort()),
    DB_TIMEOUT_SECONDS: String(DB_TIMEOUT_SECONDS),
    OCR_WORKERS: '0',
  };
  base = `http://127.0.0.1:${env.PORT}`;
  app = spawnPatravali(env);
  await app.waitFor(/is running — role: both/, 120_000);
}, 150_000);

afterAll(async () => {
  if (app) {
    // never leave a frozen server behind
    for (const pid of await pgProcessTree(await pgPid().catch(() => 0)).catch(() => [])) if (pid) signal(pid, 'SIGCONT');
    await app.stop('SIGINT');
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('PostgreSQL fails under a running system', () => {
  it('kill -9 of PostgreSQL: the process lives, answers 503 at once, restarts PostgreSQL itself, and loses nothing committed; sockets catch up', async () => {
    const admin = new ApiClient(base);
    await signIn(admin);
    expect((await admin.post('/api/org/users', newUser('before.crash'))).status).toBe(201);

    const socket: Socket = connectSocket(base, {
      transports: ['websocket'],
      extraHeaders: { cookie: admin.cookieHeader() },
      reconnectionDelay: 200,
    });
    const events: string[] = [];
    socket.on('resync', () => events.push('resync'));
    socket.on('hint', (h: { entity: string }) => events.push(`hint:${h.entity}`));
    await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));

    // the whole of PostgreSQL dies at once (the OOM killer, a crash): a postmaster killed alone leaves its backends
    // serving their open connections until they notice, which would make "503 at once" a race
    const pid = await pgPid();
    for (const p of await pgProcessTree(pid)) signal(p, 'SIGKILL');

    const during = await timed(admin.get('/api/org/users'));
    expect(during.value.status, JSON.stringify(during.value.body)).toBe(503);
    expect(during.value.body.error).toBe('SERVICE_UNAVAILABLE');
    expect(during.value.body.message).toMatch(/database/i);
    expect(during.ms).toBeLessThan(DB_TIMEOUT_SECONDS * 1000 + 3000);
    const hindi = new ApiClient(base, 'hi');
    const anon = await hindi.post('/api/auth/login', { username: 'admin', password: 'patravali-demo' });
    expect(anon.status).toBe(503);
    expect(anon.body.message).toMatch(/[\u0900-\u097F]/);

    await waitHealthy();
    expect(app.child.exitCode).toBeNull();
    expect(await pgPid()).not.toBe(pid);
    expect(app.output()).toMatch(/restart/i);

    // the session, the user committed before the crash and new writes all work
    expect(await userNames(admin)).toContain('before.crash');
    expect((await admin.post('/api/org/users', newUser('after.crash'))).status).toBe(201);
    // hints may have been missed: once the hint listener is back, sockets are told to resync (the web app refetches what it shows)
    const until = Date.now() + 15_000;
    while (!events.includes('resync') && Date.now() < until) await sleep(100);
    expect(events).toContain('resync');
    // and live hints flow again (a change made before the listener was back is covered by the resync, not a hint)
    expect((await admin.post('/api/org/users', newUser('after.resync'))).status).toBe(201);
    while (!events.includes('hint:user') && Date.now() < until + 5_000) await sleep(100);
    expect(events, app.output().slice(-5000)).toContain('hint:user');
    socket.close();
  });

  it('a frozen PostgreSQL (kill -STOP): requests fail with 503 within the bound, health says the database is down, and a write the client was told failed never commits', async () => {
    await waitHealthy();
    const admin = new ApiClient(base);
    await signIn(admin);
    await sleep(3500); // past the session cache: every request now needs the database
    const tree = await pgProcessTree(await pgPid());
    for (const p of tree) signal(p, 'SIGSTOP');
    try {
      const [write, health] = await Promise.all([
        timed(admin.post('/api/org/users', newUser('during.freeze'))),
        timed(fetch(`${base}/api/health`)),
      ]);
      expect(write.value.status, JSON.stringify(write.value.body)).toBe(503);
      expect(write.value.body.error).toBe('SERVICE_UNAVAILABLE');
      expect(write.ms).toBeLessThan(DB_TIMEOUT_SECONDS * 1000 * 2 + 3000);
      expect(health.value.status).toBe(503);
      expect(((await health.value.json()) as { database: string }).database).toBe('down');
      expect(health.ms).toBeLessThan(5000);
      // a second write while still frozen: also bounded
      const again = await timed(admin.post('/api/org/users', newUser('during.freeze.2')));
      expect(again.value.status).toBe(503);
      expect(again.ms).toBeLessThan(DB_TIMEOUT_SECONDS * 1000 * 2 + 3000);
    } finally {
      for (const p of tree) if (isAlive(p)) signal(p, 'SIGCONT');
    }
    await waitHealthy();
    await sleep(1000); // whatever the server had buffered from the abandoned requests has now run
    const names = await userNames(admin);
    expect(names).not.toContain('during.freeze');
    expect(names).not.toContain('during.freeze.2');
    expect((await admin.post('/api/org/users', newUser('after.freeze'))).status).toBe(201);
    expect(app.child.exitCode).toBeNull();
  });
});

describe('command-line tools beside a running system', () => {
  it('audit:verify and org:import run while the system serves, and the system stays healthy', async () => {
    await waitHealthy();
    const cliEnv = { ...env, LOG_LEVEL: 'warn', HOME: process.env.HOME ?? '/root' };
    const pid = await pgPid();
    const verify = await runCommand(['--import', 'tsx', 'backend/src/cli/audit-verify.ts'], cliEnv, 90_000);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/Audit chain OK/);
    expect(await pgPid()).toBe(pid);
    expect(isAlive(pid)).toBe(true);

    const csv = path.join(dataDir, 'extra.csv');
    await writeFile(
      csv,
      'kind,code,name_en,name_hi,parent,type,prefix,office,section,capabilities,username,mobile,email,post,from,to\nsection,RTI,RTI Cell,आरटीआई प्रकोष्ठ,,,,PBT-SP,,,,,,,,\n',
    );
    const imported = await runCommand(['--import', 'tsx', 'backend/src/cli/org-import.ts', csv], cliEnv, 90_000);
    expect(imported.status, imported.stdout + imported.stderr).toBe(0);
    expect(isAlive(pid)).toBe(true);

    await waitHealthy(5000);
    const admin = new ApiClient(base);
    await signIn(admin);
    expect((await admin.post('/api/org/users', newUser('after.cli'))).status).toBe(201);
    const sections = (await admin.get('/api/org/sections')).body.items as Array<{ code: string }>;
    expect(sections.map((s) => s.code)).toContain('RTI');
  });

  it('Ctrl-C stops everything cleanly, with a browser tab still connected: exit code 0, no error-level log lines', async () => {
    await waitHealthy();
    const admin = new ApiClient(base);
    await signIn(admin);
    // an open tab's websocket is an upgraded connection: stopping must end it, not wait for it
    const socket: Socket = connectSocket(base, {
      transports: ['websocket'],
      extraHeaders: { cookie: admin.cookieHeader() },
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
    const before = app.output().length;
    const pid = await pgPid();
    const started = Date.now();
    const code = await app.stop('SIGINT');
    socket.close();
    expect(Date.now() - started, 'stopped without waiting for the tab').toBeLessThan(15_000);
    const tail = app.output().slice(before);
    expect(code, tail).toBe(0);
    expect(tail, tail).not.toMatch(/"level":(50|60)/);
    expect(isAlive(pid)).toBe(false);
  });
});
