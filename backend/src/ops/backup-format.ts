/**
 * The layout of a backup folder, shared by `npm run backup` and `npm run restore`:
 *
 *   manifest.json           what is in it: time, versions, row counts, objects, the audit chain's head and latest checkpoint
 *   postgres/cluster/       embedded PostgreSQL: a physical base backup (with backup_label and the WAL it needs)
 *   postgres/credentials.json  embedded PostgreSQL: the cluster's role passwords (the roles and their passwords are inside the cluster)
 *   db.dump                 external PostgreSQL (DATABASE_URL): pg_dump in custom format
 *   objects/<key>           every object of the bucket, one file per key
 *   objects.json            key, size and content type of each object
 *   keys-public/            the public keys that sign audit checkpoints (never a private key)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type pg from 'pg';
import { AUDIT_CHECKPOINTS } from '@patravali/storage';

export const BACKUP_FORMAT = 1;

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime(),
  versions: z.object({ app: z.string(), postgres: z.string(), node: z.string() }),
  database: z.discriminatedUnion('kind', [
    z.object({
      /** A physical base backup of the embedded PostgreSQL in postgres/cluster/. */
      kind: z.literal('base-backup'),
      /** The WAL position at which the copy is consistent (pg_backup_stop). */
      stopLsn: z.string(),
      /** Rows per table, counted under the lock that ends the backup: the restored database must have exactly these. */
      counts: z.record(z.string(), z.number().int().nonnegative()),
    }),
    z.object({
      /** pg_dump of an external PostgreSQL in custom format, db.dump, taken in the snapshot the rows were counted in. */
      kind: z.literal('pg-dump'),
      /** `pg_dump --version`: the restore needs a pg_restore of this major version. */
      pgDump: z.string(),
      /** The server's roles (not the built-in pg_*): objects and grants name them; a restore makes those missing, without login. */
      roles: z.array(z.string()),
      counts: z.record(z.string(), z.number().int().nonnegative()),
    }),
  ]),
  objects: z.object({ bucket: z.string(), count: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  audit: z.object({
    /** The chain's head in the backed-up database (null: nothing chained yet). */
    head: z.object({ chainNo: z.number().int().positive(), hash: z.string() }).nullable(),
    /** The newest signed checkpoint in storage that the backup holds (null: none written yet). */
    checkpoint: z.object({ key: z.string(), chainNo: z.number().int().positive(), hash: z.string(), at: z.string() }).nullable(),
  }),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const objectIndexSchema = z.array(
  z.object({ key: z.string().min(1), size: z.number().int().nonnegative(), contentType: z.string() }),
);
export type ObjectIndex = z.infer<typeof objectIndexSchema>;

export const backupPaths = (dir: string) => ({
  manifest: path.join(dir, 'manifest.json'),
  cluster: path.join(dir, 'postgres', 'cluster'),
  credentials: path.join(dir, 'postgres', 'credentials.json'),
  dump: path.join(dir, 'db.dump'),
  objects: path.join(dir, 'objects'),
  objectIndex: path.join(dir, 'objects.json'),
  publicKeys: path.join(dir, 'keys-public'),
});

/** An object's file in the backup: its key below objects/ (keys never hold user-supplied names, see storage/README.md). */
export function objectFile(dir: string, key: string): string {
  const file = path.resolve(backupPaths(dir).objects, key);
  if (!file.startsWith(`${path.resolve(backupPaths(dir).objects)}${path.sep}`))
    throw new Error(`object key ${key} leaves the objects folder`);
  return file;
}

export async function readManifest(dir: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(backupPaths(dir).manifest, 'utf8'));
  } catch (err) {
    throw new Error(`${dir} is not a Patravali backup: ${backupPaths(dir).manifest} cannot be read (${(err as Error).message})`, {
      cause: err,
    });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${backupPaths(dir).manifest} is not a valid backup manifest: ${parsed.error.message}`);
  return parsed.data;
}

/** The tables of the application's schema (the job queue's own schema is not counted: its rows come and go). */
export async function applicationTables(db: Pick<pg.ClientBase, 'query'>): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
  );
  return rows.map((r) => r.name);
}

/** Exact row counts of the given tables, in one statement (one snapshot). */
export async function countRows(db: Pick<pg.ClientBase, 'query'>, tables: string[]): Promise<Record<string, number>> {
  if (tables.length === 0) return {};
  const sql = tables.map((t, i) => `(select count(*) from public.${quoteIdent(t)})::bigint as c${i}`).join(', ');
  const { rows } = await db.query(`select ${sql}`);
  return Object.fromEntries(tables.map((t, i) => [t, Number(rows[0][`c${i}`])]));
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The chain position an audit checkpoint's key names (objectKeys.auditCheckpoint), or null for another object. */
export function checkpointChainNo(key: string): number | null {
  if (!key.startsWith(AUDIT_CHECKPOINTS) || !key.endsWith('.jws')) return null;
  const n = Number(key.slice(AUDIT_CHECKPOINTS.length).split('-')[0]);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** A connection URL without its password, and the password (for PGPASSWORD: never on a command line others can read). */
export function splitPassword(url: string): { url: string; password: string } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), password };
}
