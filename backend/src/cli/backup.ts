/**
 * npm run backup -- [--to FOLDER]
 * A consistent copy of the database (a base backup of the embedded PostgreSQL, or pg_dump in custom format of
 * an external one), every object in storage and
 * the audit chain's latest checkpoint, in one new folder (default backups/patravali-<UTC time>) with a
 * manifest.json. Safe beside the running system (it attaches to its database and storage). README, "Backup and restore".
 */
import path from 'node:path';
import { ConfigError, loadEnv } from '../config/env.js';
import { createLogger } from '../shared/logger.js';
import { createBackup } from '../ops/backup.js';
import { toolArgs } from './tool.js';

const { option } = toolArgs(['--to']);
let env;
try {
  env = loadEnv(process.env, { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const target = path.resolve(
  option('--to') ?? path.join('backups', `patravali-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`),
);
try {
  const m = await createBackup(env, createLogger(env.LOG_LEVEL), target);
  const rows = Object.values(m.database.counts).reduce((a, b) => a + b, 0);
  console.log(`Backup written to ${target}
  database: ${rows} rows in ${Object.keys(m.database.counts).length} tables (PostgreSQL ${m.versions.postgres}, ${m.database.kind === 'base-backup' ? `base backup consistent at ${m.database.stopLsn}` : `pg_dump in custom format: db.dump`})
  objects:  ${m.objects.count} (${m.objects.bytes} bytes)
  audit:    ${m.audit.head ? `chain head at position ${m.audit.head.chainNo}` : 'nothing chained yet'}; ${m.audit.checkpoint ? `latest checkpoint ${m.audit.checkpoint.key}` : 'no checkpoint yet'}
It holds credentials and signing keys of the QR codes: keep it encrypted and access-controlled.`);
  process.exit(0);
} catch (err) {
  console.error(`Backup FAILED: ${(err as Error).message}`);
  process.exit(1);
}
