/**
 * Backup and restore (issue 19, item 4): a system on its own embedded PostgreSQL and S3 server (as `npm
 * start` runs it) with an uploaded scan and a signed e-pass is backed up by `npm run backup` while it runs,
 * restored by `npm run restore` into a new data directory, and started there: the same rows, an intact
 * audit chain, the page image and the signed PDF byte for byte, and the app's verifier says the PDF is valid.
 * A stopped installation is backed up too. A restore into a non-empty folder is refused; a backup whose
 * manifest disagrees with its data, or that lacks its WAL, fails to restore and says why.
 */
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv, ROOT_DIR } from '../../backend/src/config/env.js';
import { createLogger } from '../../backend/src/shared/logger.js';
import { startSystem, type System } from '../../backend/src/system.js';
import { loadOrCreateCheckpointKey, verifyAuditChain, writeAuditCheckpoint } from '../../backend/src/modules/audit/index.js';
import { freePort } from '../support/global-setup.js';
import { runCommand } from '../support/process.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { signInCitizen } from '../support/citizen.js';
import { scanForm, waitForOcr } from '../support/scans.js';

let root: string;
const systems: System[] = [];
afterAll(async () => {
  for (const s of systems.reverse()) await s.stop().catch(() => undefined);
  if (root) await rm(root, { recursive: true, force: true });
});

/** A whole system on embedded PostgreSQL and S3 in `dataDir`, in this process (in demo mode, so the demo CA signs passes). */
async function boot(dataDir: string): Promise<{ system: System; base: string; ports: Record<string, string> }> {
  const ports = { EMBEDDED_PG_PORT: String(await freePort()), EMBEDDED_S3_PORT: String(await freePort()) };
  const env = loadEnv(
    {},
    {
      NODE_ENV: 'test',
      ROLE: 'both',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DEMO_SEED: 'true',
      SIGNING_DEMO_CA: 'true',
      SERVE_FRONTEND: 'false',
      OCR_WORKERS: '1',
      DATA_DIR: dataDir,
      ...ports,
    },
  );
  const system = await startSystem(env, createLogger(env.LOG_LEVEL));
  systems.push(system);
  return { system, base: `http://127.0.0.1:${(system.httpServer!.address() as { port: number }).port}`, ports };
}

const fetchBytes = async (url: string, cookie?: string) => {
  const res = await fetch(url, cookie ? { headers: { cookie } } : {});
  expect(res.status, url).toBe(200);
  return Buffer.from(await res.arrayBuffer());
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const tsx = (cli: string, ...args: string[]) => ['--import', 'tsx', `backend/src/cli/${cli}.ts`, ...args];
const MAIN_TABLES = ['receipt', 'receipt_page', 'application', 'issued_document', 'app_user', 'audit_event'];

/** What the source system showed before its backup, to find again after the restore. */
const before = {
  receiptId: '',
  pageUrl: '',
  page: Buffer.alloc(0),
  pdfUrl: '',
  pdf: Buffer.alloc(0),
  token: '',
  counts: {} as Record<string, number>,
};
let sourceDir: string;
let backupDir: string;

beforeAll(async () => {
  await mkdir(path.join(ROOT_DIR, 'tests', '.tmp'), { recursive: true });
  root = await mkdtemp(path.join(ROOT_DIR, 'tests', '.tmp', 'backup-'));
  await chmod(root, 0o755);
  sourceDir = path.join(root, 'source');
  backupDir = path.join(root, 'backup');
  const { system, base, ports } = await boot(sourceDir);
  const owner = new pg.Pool({ connectionString: system.ownerDatabaseUrl, max: 2 });
  try {
    // a scanned letter: its page image is an object in storage
    const dak = await loggedIn(base, 'dak.sp');
    const up = await dak.request('POST', '/api/receipts/scans', await scanForm([{ file: 'hindi-letter-clean.png' }]));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    before.receiptId = up.body.receipts[0].id;
    const receipt = await waitForOcr(dak, before.receiptId);
    before.pageUrl = receipt.pages[0].images.page;
    before.page = await fetchBytes(base + before.pageUrl, dak.cookieHeader());

    // an e-pass, approved and signed by the office's document signer (the demo SoftHSM token)
    const areaId = (await owner.query("select id from area where code = 'PBT-L-KHAKRA'")).rows[0].id;
    const citizen = await signInCitizen(base, owner, '9300000777');
    const travel = new Date(Date.now() + 5.5 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    const filed = await citizen.post('/api/public/applications', {
      service: 'EPASS',
      data: {
        name: 'रमेश कुमार',
        mobile: '9876543210',
        category: 'medical',
        from: { areaId, line: 'House 12' },
        to: { line: 'Civil Lines', district: 'Bareilly', state: 'UP' },
        travelDate: travel,
        vehicle: 'UP 26 AB 1234',
        persons: 2,
        idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const adm = await loggedIn(base, 'adm');
    const version = (await adm.get(`/api/applications/${filed.body.id}`)).body.version;
    expect((await adm.post(`/api/applications/${filed.body.id}/actions/approve`, { version })).status).toBe(200);
    const ref = encodeURIComponent(filed.body.referenceNumber);
    let doc: any = null;
    for (let i = 0; i < 240 && doc?.status !== 'issued'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const r = await citizen.request('GET', `/api/public/applications/${ref}/document`);
      doc = r.status === 200 ? r.body : null;
    }
    expect(doc?.status, 'the pass was not signed within 60 s').toBe('issued');
    before.pdfUrl = `/api/public${doc.linkPath}/pdf`;
    before.pdf = await fetchBytes(base + before.pdfUrl);
    before.token = doc.token;

    // a signed checkpoint of the audit chain, as the hourly job writes one
    const key = await loadOrCreateCheckpointKey(system.deps.env);
    expect(await writeAuditCheckpoint(system.deps.pool, system.deps.store, key)).not.toBeNull();

    // the backup, taken while the system runs (it attaches to the system's database and storage)
    const backup = await runCommand(tsx('backup', '--to', backupDir), { DATA_DIR: sourceDir, ...ports }, 120_000);
    expect(backup.status, backup.stdout + backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Backup written to/);
    for (const t of MAIN_TABLES) before.counts[t] = Number((await owner.query(`select count(*) from ${t}`)).rows[0].count);
  } finally {
    await owner.end();
  }
  await systems.pop()!.stop();
}, 400_000);

describe('npm run backup', () => {
  it('writes a manifest with the versions, row counts, objects and the latest audit checkpoint, beside the copied data', async () => {
    const m = JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(m.versions.postgres).toMatch(/^18\./);
    expect(m.database.counts.receipt).toBe(before.counts.receipt);
    expect(m.database.counts.issued_document).toBe(before.counts.issued_document);
    expect(m.objects.count).toBeGreaterThan(3);
    expect(m.audit.head.chainNo).toBeGreaterThan(0);
    expect(m.audit.checkpoint.key).toMatch(/^audit\/checkpoints\//);
    expect(m.audit.checkpoint.chainNo).toBeLessThanOrEqual(m.audit.head.chainNo);
    const index = JSON.parse(await readFile(path.join(backupDir, 'objects.json'), 'utf8'));
    expect(index.map((o: any) => o.key)).toEqual(expect.arrayContaining([expect.stringMatching(/^receipts\/.*\/pages\/.*\/page$/)]));
    await expect(readFile(path.join(backupDir, 'postgres', 'cluster', 'backup_label'), 'utf8')).resolves.toMatch(/START WAL LOCATION/);
  });
});

describe('npm run restore', () => {
  it('brings the backup up in a new data directory and checks it; the system started there has the same data, which verifies', async () => {
    const target = path.join(root, 'restored');
    const ports = { EMBEDDED_PG_PORT: String(await freePort()), EMBEDDED_S3_PORT: String(await freePort()) };
    const restore = await runCommand(tsx('restore', '--from', backupDir, '--data-dir', target), ports, 180_000);
    expect(restore.status, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Rows: \d+ in \d+ tables, each table as the backup recorded/);
    expect(restore.stdout).toMatch(/Objects: \d+ \(\d+ bytes\), as the backup recorded/);
    expect(restore.stdout).toMatch(/Audit chain OK: \d+ entries; position \d+ has the head the backup recorded/);
    expect(restore.stdout).toMatch(/Audit checkpoints OK: \d+ signed/);

    // the signing keys come from their own backup (README): the demo CA and the document signer's token
    for (const dir of ['demo-pki', 'document-signer', 'keys/audit-checkpoint.pem'])
      await cp(path.join(sourceDir, dir), path.join(target, dir), { recursive: true });

    const { system, base } = await boot(target);
    const owner = new pg.Pool({ connectionString: system.ownerDatabaseUrl, max: 2 });
    try {
      for (const t of ['receipt', 'receipt_page', 'application', 'issued_document'])
        expect(Number((await owner.query(`select count(*) from ${t}`)).rows[0].count), t).toBe(before.counts[t]);
      const chain = await verifyAuditChain(owner);
      expect(chain.ok).toBe(true);
      expect(chain.checked).toBeGreaterThanOrEqual(before.counts.audit_event!);

      const dak = await loggedIn(base, 'dak.sp');
      expect(sha(await fetchBytes(base + before.pageUrl, dak.cookieHeader()))).toBe(sha(before.page));
      const pdf = await fetchBytes(base + before.pdfUrl);
      expect(sha(pdf)).toBe(sha(before.pdf));
      const anon = new ApiClient(base);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'pass.pdf');
      const report = (await anon.request('POST', '/api/verify', form)).body;
      expect(report.signatures).toHaveLength(1);
      expect(report.signatures[0]).toMatchObject({ integrity: true, trusted: true, coversWholeDocument: true });
      expect(report.pass).toMatchObject({ matchesDocument: true, signer: 'office' });
      const code = (await anon.get(`/api/verify/code/${before.token}`)).body;
      expect(code.pass).toMatchObject({ status: 'issued', signer: 'office' });
    } finally {
      await owner.end();
      await systems.pop()!.stop();
    }
  }, 400_000);

  it('backs up a stopped installation too (starting its database and storage itself); a backup missing its WAL fails to restore, saying why', async () => {
    const restored = path.join(root, 'restored');
    const again = path.join(root, 'backup-of-restored');
    const ports = { EMBEDDED_PG_PORT: String(await freePort()), EMBEDDED_S3_PORT: String(await freePort()) };
    const backup = await runCommand(tsx('backup', '--to', again), { DATA_DIR: restored, ...ports }, 120_000);
    expect(backup.status, backup.stdout + backup.stderr).toBe(0);
    const m = JSON.parse(await readFile(path.join(again, 'manifest.json'), 'utf8'));
    expect(m.database.counts.receipt).toBe(before.counts.receipt);
    expect(m.database.counts.issued_document).toBe(before.counts.issued_document);

    const wal = path.join(again, 'postgres', 'cluster', 'pg_wal');
    for (const f of await readdir(wal)) if (/^[0-9A-F]{24}$/.test(f)) await rm(path.join(wal, f));
    const restore = await runCommand(tsx('restore', '--from', again, '--data-dir', path.join(root, 'restored-3')), ports, 120_000);
    expect(restore.status).toBe(1);
    expect(restore.stderr).toMatch(/Restore FAILED: The embedded PostgreSQL did not start/);
  }, 300_000);

  it('refuses a data directory that is not empty, and touches nothing in it', async () => {
    const target = path.join(root, 'busy');
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, 'keep.txt'), 'mine');
    const restore = await runCommand(tsx('restore', '--from', backupDir, '--data-dir', target), {
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_S3_PORT: String(await freePort()),
    });
    expect(restore.status).toBe(2);
    expect(restore.stderr).toMatch(/Restore refused: .*busy is not empty: a restore goes only into a new, empty data directory/);
    await expect(readFile(path.join(target, 'keep.txt'), 'utf8')).resolves.toBe('mine');
  });

  it('fails, naming the table, when the data disagrees with the manifest', async () => {
    const tampered = path.join(root, 'tampered');
    await cp(backupDir, tampered, { recursive: true });
    const file = path.join(tampered, 'manifest.json');
    const m = JSON.parse(await readFile(file, 'utf8'));
    m.database.counts.receipt += 1;
    await writeFile(file, JSON.stringify(m));
    const restore = await runCommand(
      tsx('restore', '--from', tampered, '--data-dir', path.join(root, 'restored-2')),
      {
        EMBEDDED_PG_PORT: String(await freePort()),
        EMBEDDED_S3_PORT: String(await freePort()),
      },
      180_000,
    );
    expect(restore.status).toBe(1);
    expect(restore.stderr).toContain(
      `MISMATCH rows of receipt: the backup recorded ${before.counts.receipt! + 1}, restored ${before.counts.receipt}`,
    );
    expect(restore.stderr).toMatch(/FAILED its checks/);
  }, 200_000);
});
