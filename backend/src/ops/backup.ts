import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import pg from 'pg';
import { APP_VERSION, type Env } from '../config/env.js';
import type { Logger } from '../shared/logger.js';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { loadTrustedCheckpointKeys } from '../modules/audit/index.js';
import { openObjectStore } from './object-store.js';
import { findPgTool, runPgTool } from './pg-tools.js';
import {
  applicationTables,
  backupPaths,
  BACKUP_FORMAT,
  checkpointChainNo,
  countRows,
  objectFile,
  quoteIdent,
  splitPassword,
  type Manifest,
  type ObjectIndex,
} from './backup-format.js';

/**
 * What a base backup leaves out of the cluster (PostgreSQL's documentation, "Making a Base Backup Using
 * the Low Level API"): files of the running server only, and folders whose contents are rebuilt at start.
 * pg_wal is copied separately, after the backup has stopped.
 */
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'pg_internal.init']);
const EMPTY_DIRS = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
  'log',
]);

/** Copies a folder that a running server changes under us: files that vanish meanwhile are skipped (WAL replay recreates what matters). */
async function copyLive(from: string, to: string, top = true): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  let entries;
  try {
    entries = await readdir(from, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const e of entries) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      if (top && EMPTY_DIRS.has(e.name)) await mkdir(dst, { recursive: true, mode: 0o700 });
      else if (!e.name.startsWith('pgsql_tmp')) await copyLive(src, dst, false);
    } else if (e.isFile() && !SKIP_FILES.has(e.name) && !e.name.startsWith('pgsql_tmp')) {
      await copyFile(src, dst).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
  }
}

/** The folder a backup goes to: new, or empty. */
async function assertEmptyTarget(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length) throw new Error(`${dir} is not empty: a backup goes into a new or empty folder`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** The database's part of a backup, and what the manifest says of it. */
interface DatabasePart {
  database: Manifest['database'];
  head: { chainNo: number; hash: string } | null;
  serverVersion: string;
}

const headQuery = 'select chain_no, hash from audit_event where chain_no is not null order by chain_no desc limit 1';

/**
 * The embedded PostgreSQL as a physical base backup (pg_backup_start, the data files, pg_backup_stop, then
 * the WAL written meanwhile): a restore replays that WAL to one consistent moment. The rows are counted
 * under a SHARE lock on every application table taken just before pg_backup_stop and held until the WAL is
 * copied, so no write to them lands in between: the restored database has exactly the counted rows.
 */
async function baseBackup(env: Env, log: Logger, target: string): Promise<DatabasePart> {
  const paths = backupPaths(target);
  const dataDir = path.join(env.DATA_DIR, 'postgres');
  const clusterDir = path.join(dataDir, 'cluster');
  const db = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT, log });
  const session = new pg.Client({ connectionString: db.url, application_name: 'patravali-backup' });
  const locker = new pg.Client({ connectionString: db.url, application_name: 'patravali-backup-lock' });
  try {
    await session.connect();
    await locker.connect();
    // a temporary slot holds every WAL segment from here on until this session ends: a checkpoint during a
    // long copy would otherwise recycle segments the restore needs (the slot goes with the session)
    await session.query("select pg_create_physical_replication_slot('patravali_backup_' || pg_backend_pid(), true, true)");
    await session.query('select pg_backup_start($1, true)', [`patravali ${new Date().toISOString()}`]);
    await copyLive(clusterDir, paths.cluster);

    const tables = await applicationTables(locker);
    await locker.query('begin isolation level repeatable read');
    await locker.query("set local lock_timeout = '60s'");
    await locker.query(`lock table ${tables.map((t) => `public.${quoteIdent(t)}`).join(', ')} in share mode`);
    const {
      rows: [stop],
    } = await session.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
      'select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)',
    );
    await writeFile(path.join(paths.cluster, 'backup_label'), stop!.labelfile, { mode: 0o600 });
    if (stop!.spcmapfile) await writeFile(path.join(paths.cluster, 'tablespace_map'), stop!.spcmapfile, { mode: 0o600 });
    const counts = await countRows(locker, tables);
    const {
      rows: [head],
    } = await locker.query<{ chain_no: string; hash: string }>(headQuery);
    const {
      rows: [wal],
    } = await locker.query<{ last: string; version: string }>(
      "select pg_walfile_name(pg_current_wal_lsn()) as last, current_setting('server_version') as version",
    );
    // the WAL from the backup's start to now: every segment the restore replays to reach the counted state
    const first = /START WAL LOCATION: .* \(file ([0-9A-F]{24})\)/.exec(stop!.labelfile)?.[1];
    if (!first) throw new Error(`unexpected backup label: ${stop!.labelfile}`);
    for (const name of (await readdir(path.join(clusterDir, 'pg_wal'))).sort()) {
      if ((/^[0-9A-F]{24}$/.test(name) && name >= first && name <= wal!.last) || name.endsWith('.history'))
        await copyFile(path.join(clusterDir, 'pg_wal', name), path.join(paths.cluster, 'pg_wal', name));
    }
    await mkdir(path.join(paths.cluster, 'pg_wal', 'archive_status'), { recursive: true, mode: 0o700 });
    await locker.query('commit');
    await copyFile(path.join(dataDir, 'credentials.json'), paths.credentials);
    return {
      database: { kind: 'base-backup', stopLsn: stop!.lsn, counts },
      head: head ? { chainNo: Number(head.chain_no), hash: head.hash } : null,
      serverVersion: wal!.version,
    };
  } finally {
    await locker.end().catch(() => undefined);
    await session.end().catch(() => undefined);
    await db.stop();
  }
}

/**
 * An external PostgreSQL (DATABASE_URL) as pg_dump in custom format, by a pg_dump of the server's major
 * version, as the schema's owner. The rows and the chain's head are read in one exported snapshot and
 * pg_dump dumps that same snapshot (--snapshot), so the dump holds exactly the counted rows.
 */
async function dumpExternal(env: Env, target: string): Promise<DatabasePart> {
  const ownerUrl = env.DATABASE_OWNER_URL ?? env.DATABASE_URL!;
  const c = new pg.Client({ connectionString: ownerUrl, application_name: 'patravali-backup' });
  await c.connect();
  try {
    const {
      rows: [server],
    } = await c.query<{ num: number; version: string }>(
      "select current_setting('server_version_num')::int as num, current_setting('server_version') as version",
    );
    const tool = await findPgTool('pg_dump', Math.floor(server!.num / 10000));
    await c.query('begin isolation level repeatable read read only');
    const {
      rows: [snapshot],
    } = await c.query<{ id: string }>('select pg_export_snapshot() as id');
    const counts = await countRows(c, await applicationTables(c));
    const {
      rows: [head],
    } = await c.query<{ chain_no: string; hash: string }>(headQuery);
    const roles = (await c.query<{ name: string }>("select rolname as name from pg_roles where rolname !~ '^pg_' order by 1")).rows.map(
      (r) => r.name,
    );
    const { url, password } = splitPassword(ownerUrl);
    await runPgTool(
      tool.file,
      ['--format=custom', `--snapshot=${snapshot!.id}`, `--file=${backupPaths(target).dump}`, `--dbname=${url}`],
      password ? { PGPASSWORD: password } : {},
    );
    await c.query('commit');
    return {
      database: { kind: 'pg-dump', pgDump: tool.version, roles, counts },
      head: head ? { chainNo: Number(head.chain_no), hash: head.hash } : null,
      serverVersion: server!.version,
    };
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * `npm run backup`: a consistent copy of the installation's database and object storage in one folder.
 *
 * The database first (a base backup of the embedded PostgreSQL, or pg_dump of an external one); the
 * objects after the database's consistent moment: every object a restored row names was stored before the
 * row committed, so it is in the copy; objects stored later are harmless orphans — except audit
 * checkpoints beyond the copied chain, which are left out (they would name chain positions the restored
 * database does not have).
 */
export async function createBackup(env: Env, log: Logger, target: string): Promise<Manifest> {
  await assertEmptyTarget(target);
  const paths = backupPaths(target);
  const createdAt = new Date().toISOString();
  const db = env.DATABASE_URL ? await dumpExternal(env, target) : await baseBackup(env, log, target);
  const objects = await openObjectStore(env);
  try {
    const headNo = db.head?.chainNo ?? 0;
    const index: ObjectIndex = [];
    let bytes = 0;
    for (const key of await objects.store.list('')) {
      const cp = checkpointChainNo(key);
      if (cp !== null && cp > headNo) continue;
      const st = await objects.store.stat(key);
      if (!st) continue; // removed since it was listed
      const file = objectFile(target, key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await pipeline(await objects.store.get(key), createWriteStream(file, { mode: 0o600 }));
      const size = (await stat(file)).size;
      index.push({ key, size, contentType: st.contentType });
      bytes += size;
    }
    await writeFile(paths.objectIndex, JSON.stringify(index), { mode: 0o600 });

    const checkpointKey = index
      .map((o) => o.key)
      .filter((k) => checkpointChainNo(k) !== null)
      .sort()
      .at(-1);
    let checkpoint: Manifest['audit']['checkpoint'] = null;
    if (checkpointKey) {
      const jws = (await readFile(objectFile(target, checkpointKey), 'utf8')).trim();
      const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
        chainNo: number;
        hash: string;
        at: string;
      };
      checkpoint = { key: checkpointKey, chainNo: payload.chainNo, hash: payload.hash, at: payload.at };
    }
    // the public halves of the checkpoint keys, so the restore can check the checkpoints (private keys are never copied)
    await mkdir(paths.publicKeys, { recursive: true });
    for (const [kid, key] of await loadTrustedCheckpointKeys(env))
      await writeFile(path.join(paths.publicKeys, `${kid}.pem`), key.export({ format: 'pem', type: 'spki' }).toString());

    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      createdAt,
      versions: { app: APP_VERSION, postgres: db.serverVersion, node: process.version },
      database: db.database,
      objects: { bucket: env.S3_BUCKET, count: index.length, bytes },
      audit: { head: db.head, checkpoint },
    };
    await writeFile(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    await objects.stop();
  }
}
