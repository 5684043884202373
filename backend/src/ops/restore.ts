import { chmod, chown, cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createObjectStore, startEmbeddedS3 } from '@patravali/storage';
import type { Env } from '../config/env.js';
import type { Logger } from '../shared/logger.js';
import { postgresUid, startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { loadTrustedCheckpointKeys, verifyAuditChain, verifyAuditCheckpoints } from '../modules/audit/index.js';
import {
  applicationTables,
  backupPaths,
  countRows,
  objectFile,
  objectIndexSchema,
  quoteIdent,
  readManifest,
  splitPassword,
  type Manifest,
} from './backup-format.js';
import { findPgTool, runPgTool } from './pg-tools.js';

export interface RestoreReport {
  ok: boolean;
  /** What was checked, one plain line each; problems start with "MISMATCH" or "BROKEN". */
  lines: string[];
}

/** A restore that would touch existing data: it never overwrites anything. */
export class RestoreRefused extends Error {}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await chownTree(p, uid, gid);
    else await chown(p, uid, gid);
  }
}

/**
 * A pg_dump of an external server into the new, empty embedded database, by a pg_restore of the dump's
 * version, in one transaction that stops at the first error. The roles the dump names are made first
 * (without login) when missing: the application's role exists already (the embedded server makes it).
 */
async function loadDump(ownerUrl: string, from: string, database: Extract<Manifest['database'], { kind: 'pg-dump' }>): Promise<void> {
  const major = Number(/\(PostgreSQL\) (\d+)/.exec(database.pgDump)?.[1]);
  const tool = await findPgTool('pg_restore', major);
  const admin = new pg.Client({ connectionString: ownerUrl });
  await admin.connect();
  try {
    const existing = new Set((await admin.query<{ name: string }>('select rolname as name from pg_roles')).rows.map((r) => r.name));
    for (const role of database.roles.filter((r) => !existing.has(r))) await admin.query(`create role ${quoteIdent(role)} nologin`);
  } finally {
    await admin.end();
  }
  const { url, password } = splitPassword(ownerUrl);
  await runPgTool(
    tool.file,
    ['--exit-on-error', '--single-transaction', `--dbname=${url}`, backupPaths(from).dump],
    password ? { PGPASSWORD: password } : {},
  );
}

/**
 * `npm run restore`: brings a backup up in a new, empty data directory (env.DATA_DIR) — the embedded
 * PostgreSQL on the copied cluster (it replays the copied WAL to the backup's consistent moment; its roles
 * and their passwords come with it) or, for a pg_dump of an external server, a new embedded PostgreSQL the
 * dump is restored into — and the embedded S3 server with every object put back — and checks it:
 * row counts equal the manifest's, objects too, the audit chain verifies and reaches the recorded head, and
 * every audit checkpoint (the recorded one included) is signed by a known key and agrees with the chain.
 */
export async function restoreBackup(env: Env, log: Logger, from: string): Promise<RestoreReport> {
  const manifest = await readManifest(from);
  const src = backupPaths(from);
  const index = objectIndexSchema.parse(JSON.parse(await readFile(src.objectIndex, 'utf8')));
  const target = path.resolve(env.DATA_DIR);
  if (!(await isEmptyOrMissing(target)))
    throw new RestoreRefused(`${target} is not empty: a restore goes only into a new, empty data directory (it never overwrites data).`);
  await mkdir(target, { recursive: true, mode: 0o755 });

  const dataDir = path.join(target, 'postgres');
  const clusterDir = path.join(dataDir, 'cluster');
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  if (manifest.database.kind === 'base-backup') {
    await cp(src.cluster, clusterDir, { recursive: true });
    await cp(src.credentials, path.join(dataDir, 'credentials.json'));
    const ids = await postgresUid();
    if ('uid' in ids) await chownTree(clusterDir, ids.uid, ids.gid);
    await chmod(clusterDir, 0o700);
  }
  // the public checkpoint keys, where audit:verify of the restored installation looks for trusted keys
  const trustedDir = path.join(target, 'keys', 'audit-checkpoint-trusted');
  await cp(src.publicKeys, trustedDir, { recursive: true });

  const lines: string[] = [];
  let ok = true;
  const check = (good: boolean, line: string) => {
    if (!good) ok = false;
    lines.push(line);
  };
  const db = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT, log });
  if (manifest.database.kind === 'pg-dump') {
    try {
      await loadDump(db.url, from, manifest.database);
    } catch (err) {
      await db.stop();
      throw err;
    }
  }
  let s3: Awaited<ReturnType<typeof startEmbeddedS3>> | null = null;
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    s3 = await startEmbeddedS3({ directory: path.join(target, 's3'), port: env.EMBEDDED_S3_PORT, buckets: [env.S3_BUCKET] });
    if (s3.attached) throw new Error(`Port ${env.EMBEDDED_S3_PORT} is in use by another program: set EMBEDDED_S3_PORT to a free port.`);
    const store = createObjectStore({
      endPoint: s3.host,
      port: s3.port,
      useSSL: false,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      embedded: true,
    });
    for (const o of index) await store.put(o.key, createReadStream(objectFile(from, o.key)), o.size, o.contentType);

    // rows, table by table
    const tables = await applicationTables(pool);
    const counts = await countRows(pool, tables);
    const names = [...new Set([...Object.keys(manifest.database.counts), ...tables])].sort();
    const differ = names.filter((t) => counts[t] !== manifest.database.counts[t]);
    for (const t of differ)
      check(
        false,
        `MISMATCH rows of ${t}: the backup recorded ${manifest.database.counts[t] ?? 'no such table'}, restored ${counts[t] ?? 'no such table'}`,
      );
    if (!differ.length) {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      check(true, `Rows: ${total} in ${tables.length} tables, each table as the backup recorded.`);
    }

    // objects
    const keys = await store.list('');
    let bytes = 0;
    for (const key of keys) bytes += (await store.stat(key))?.size ?? 0;
    const objectsOk = keys.length === manifest.objects.count && bytes === manifest.objects.bytes;
    check(
      objectsOk,
      objectsOk
        ? `Objects: ${keys.length} (${bytes} bytes), as the backup recorded.`
        : `MISMATCH objects: the backup recorded ${manifest.objects.count} (${manifest.objects.bytes} bytes), restored ${keys.length} (${bytes} bytes)`,
    );

    // the audit chain: intact, and as long as it was, with the same head
    const chain = await verifyAuditChain(pool);
    if (!chain.ok) {
      const b = chain.brokenAt!;
      check(
        false,
        `BROKEN audit chain at entry #${b.seq}, chain position ${b.chainNo} (${b.reason}): expected ${b.expected}, found ${b.found}`,
      );
    } else if (manifest.audit.head) {
      const {
        rows: [at],
      } = await pool.query<{ hash: string }>('select hash from audit_event where chain_no = $1', [manifest.audit.head.chainNo]);
      const same = at?.hash === manifest.audit.head.hash;
      check(
        same,
        same
          ? `Audit chain OK: ${chain.checked} entries; position ${manifest.audit.head.chainNo} has the head the backup recorded.`
          : `MISMATCH audit chain: the backup recorded hash ${manifest.audit.head.hash} at position ${manifest.audit.head.chainNo}, restored ${at?.hash ?? 'no entry'}`,
      );
    } else check(true, `Audit chain OK: ${chain.checked} entries.`);

    // the signed checkpoints, with the public keys the backup carries
    const trusted = await loadTrustedCheckpointKeys({ DATA_DIR: target, AUDIT_CHECKPOINT_TRUSTED_KEYS: trustedDir });
    const cps = await verifyAuditCheckpoints(pool, store, trusted);
    for (const p of cps.problems) check(false, `MISMATCH audit checkpoint ${p.key} (${p.reason}): ${p.detail}`);
    if (manifest.audit.checkpoint) {
      const recorded = manifest.audit.checkpoint;
      const found = cps.latest?.key === recorded.key;
      check(
        found,
        found
          ? `Audit checkpoints OK: ${cps.matched} signed and agreeing with the chain, the latest (position ${recorded.chainNo}, ${recorded.at}) as the backup recorded.`
          : `MISMATCH audit checkpoint: the backup recorded ${recorded.key} as the latest, the restored storage's latest valid one is ${cps.latest?.key ?? 'none'}`,
      );
    } else if (!cps.problems.length) lines.push(`Audit checkpoints: ${cps.total} (the backup recorded none).`);
  } finally {
    await pool.end();
    await s3?.stop();
    await db.stop();
  }
  return { ok, lines };
}
