/**
 * Backup and restore of an installation on an external PostgreSQL (issue 19, item 4): the system runs on
 * Debian's PostgreSQL (15 on Debian 12) with the owner and application roles of README "Database roles"; `npm run backup`
 * takes a pg_dump in custom format (by the pg_dump of the server's version) in the snapshot it counts rows
 * in; `npm run restore` loads it into a new embedded data directory and checks it; the system started
 * there has the same rows, an intact audit chain and the page image byte for byte.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv, ROOT_DIR } from '../../backend/src/config/env.js';
import { createLogger } from '../../backend/src/shared/logger.js';
import { startSystem, type System } from '../../backend/src/system.js';
import { postgresUid } from '../../backend/src/infra/embedded-postgres.js';
import { loadOrCreateCheckpointKey, verifyAuditChain, writeAuditCheckpoint } from '../../backend/src/modules/audit/index.js';
import { freePort } from '../support/global-setup.js';
import { runCommand } from '../support/process.js';
import { loggedIn } from '../support/api-client.js';
import { scanForm, waitForOcr } from '../support/scans.js';

/** Debian's PostgreSQL server (postgresql-15 on Debian 12; a newer major works as well). */
const PG_BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) =>
  existsSync(path.join(d, 'pg_dump')),
);
let root = '';
let server: ChildProcess | null = null;
const systems: System[] = [];
afterAll(async () => {
  for (const s of systems.reverse()) await s.stop().catch(() => undefined);
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGINT');
    await exited;
  }
  if (root) await rm(root, { recursive: true, force: true });
});

/** Debian's PostgreSQL in its own folder, with the owner and application roles and the database. */
async function startExternalPostgres(dir: string): Promise<{ ownerUrl: string; appUrl: string }> {
  const ids = await postgresUid();
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'run');
  await mkdir(data, { recursive: true, mode: 0o700 });
  await mkdir(sockets, { recursive: true });
  const superPassword = randomBytes(12).toString('hex');
  const pwFile = path.join(dir, 'pw');
  await writeFile(pwFile, superPassword, { mode: 0o600 });
  if ('uid' in ids) for (const p of [dir, data, sockets, pwFile]) await chown(p, ids.uid, ids.gid);
  const env = { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', LC_MESSAGES: 'C' };
  const init = await new Promise<number | null>((resolve) => {
    const p = spawn(
      path.join(PG_BIN!, 'initdb'),
      ['-D', data, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8'],
      {
        env,
        stdio: 'ignore',
        ...ids,
      },
    );
    p.once('exit', resolve);
  });
  expect(init).toBe(0);
  const port = await freePort();
  server = spawn(
    path.join(PG_BIN!, 'postgres'),
    ['-D', data, '-p', String(port), '-k', sockets, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    { env, stdio: ['ignore', 'ignore', 'pipe'], ...ids },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server!.stderr!.on('data', (d) => {
      out += d;
      if (out.includes('ready to accept connections')) resolve();
    });
    server!.once('exit', (code) => reject(new Error(`PostgreSQL did not start (${code}): ${out}`)));
  });
  const owner = randomBytes(12).toString('hex');
  const app = randomBytes(12).toString('hex');
  const admin = new pg.Client({ connectionString: `postgres://postgres:${superPassword}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query(`create role patravali_owner login createrole password '${owner}'`);
  await admin.query(`create role patravali_app login nosuperuser nocreatedb nocreaterole password '${app}'`);
  await admin.query('create database patravali owner patravali_owner');
  await admin.end();
  return {
    ownerUrl: `postgres://patravali_owner:${owner}@127.0.0.1:${port}/patravali`,
    appUrl: `postgres://patravali_app:${app}@127.0.0.1:${port}/patravali`,
  };
}

async function boot(dataDir: string, extra: Record<string, string> = {}) {
  const env = loadEnv(
    {},
    {
      NODE_ENV: 'test',
      ROLE: 'both',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DEMO_SEED: 'true',
      SERVE_FRONTEND: 'false',
      OCR_WORKERS: '1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_S3_PORT: String(await freePort()),
      ...extra,
    },
  );
  const system = await startSystem(env, createLogger(env.LOG_LEVEL));
  systems.push(system);
  return { system, base: `http://127.0.0.1:${(system.httpServer!.address() as { port: number }).port}`, env };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const fetchBytes = async (url: string, cookie: string) => {
  const res = await fetch(url, { headers: { cookie } });
  expect(res.status, url).toBe(200);
  return Buffer.from(await res.arrayBuffer());
};
const tsx = (cli: string, ...args: string[]) => ['--import', 'tsx', `backend/src/cli/${cli}.ts`, ...args];

describe.skipIf(!PG_BIN)('backup and restore of an external PostgreSQL', () => {
  const before = { pageUrl: '', page: Buffer.alloc(0), counts: {} as Record<string, number> };
  let backupDir = '';

  beforeAll(async () => {
    await mkdir(path.join(ROOT_DIR, 'tests', '.tmp'), { recursive: true });
    root = await mkdtemp(path.join(ROOT_DIR, 'tests', '.tmp', 'backup-ext-'));
    await chmod(root, 0o755);
    backupDir = path.join(root, 'backup');
    const urls = await startExternalPostgres(path.join(root, 'pg'));
    const dbEnv = { DATABASE_URL: urls.appUrl, DATABASE_OWNER_URL: urls.ownerUrl };
    const { system, base, env } = await boot(path.join(root, 'source'), dbEnv);
    const dak = await loggedIn(base, 'dak.sp');
    const up = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'english-letter-clean.jpg' }]));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const receipt = await waitForOcr(dak, up.body.receipts[0].id);
    before.pageUrl = receipt.pages[0].images.page;
    before.page = await fetchBytes(base + before.pageUrl, dak.cookieHeader());
    await writeAuditCheckpoint(system.deps.pool, system.deps.store, await loadOrCreateCheckpointKey(env));

    const backup = await runCommand(
      tsx('backup', '--to', backupDir),
      { DATA_DIR: env.DATA_DIR, EMBEDDED_S3_PORT: String(env.EMBEDDED_S3_PORT), ...dbEnv },
      120_000,
    );
    expect(backup.status, backup.stdout + backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/pg_dump in custom format: db\.dump/);
    const owner = new pg.Client({ connectionString: urls.ownerUrl });
    await owner.connect();
    for (const t of ['receipt', 'receipt_page', 'app_user', 'audit_event'])
      before.counts[t] = Number((await owner.query(`select count(*) from ${t}`)).rows[0].count);
    await owner.end();
    await systems.pop()!.stop();
  }, 400_000);

  it('takes a pg_dump in custom format with the server’s own pg_dump, and restores it into a new embedded data directory that then runs', async () => {
    const m = JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(m.versions.postgres).toMatch(/^1[5-7]\./);
    expect(m.database).toMatchObject({ kind: 'pg-dump', pgDump: expect.stringMatching(/\(PostgreSQL\) 1[5-7]\./) });
    expect(m.database.roles).toEqual(expect.arrayContaining(['patravali_owner', 'patravali_app']));
    expect(m.database.counts.receipt).toBe(before.counts.receipt);
    expect((await readFile(path.join(backupDir, 'db.dump'))).subarray(0, 5).toString()).toBe('PGDMP');

    const target = path.join(root, 'restored');
    const restore = await runCommand(
      tsx('restore', '--from', backupDir, '--data-dir', target),
      { EMBEDDED_PG_PORT: String(await freePort()), EMBEDDED_S3_PORT: String(await freePort()) },
      180_000,
    );
    expect(restore.status, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Rows: \d+ in \d+ tables, each table as the backup recorded/);
    expect(restore.stdout).toMatch(/Audit chain OK: \d+ entries; position \d+ has the head the backup recorded/);
    expect(restore.stdout).toMatch(/Audit checkpoints OK/);

    const { system, base } = await boot(target);
    const owner = new pg.Pool({ connectionString: system.ownerDatabaseUrl, max: 2 });
    try {
      for (const t of ['receipt', 'receipt_page', 'app_user'])
        expect(Number((await owner.query(`select count(*) from ${t}`)).rows[0].count), t).toBe(before.counts[t]);
      const chain = await verifyAuditChain(owner);
      expect(chain.ok).toBe(true);
      expect(chain.checked).toBeGreaterThanOrEqual(before.counts.audit_event!);
      const dak = await loggedIn(base, 'dak.sp');
      expect(sha(await fetchBytes(base + before.pageUrl, dak.cookieHeader()))).toBe(sha(before.page));
    } finally {
      await owner.end();
    }
  }, 400_000);
});
