/**
 * npm run restore -- --from BACKUP_FOLDER --data-dir NEW_EMPTY_FOLDER
 * Brings a backup of `npm run backup` up in a new data directory (embedded PostgreSQL and S3 there, on
 * EMBEDDED_PG_PORT / EMBEDDED_S3_PORT), then checks it: row counts and objects as the manifest recorded,
 * the audit chain intact up to the recorded head and checkpoint. Exit code 0: restored and checked; 1: a
 * check failed (each is printed); 2: refused or wrong use. Then: DATA_DIR=NEW_EMPTY_FOLDER npm start.
 */
import { ConfigError, loadEnv } from '../config/env.js';
import { createLogger } from '../shared/logger.js';
import { restoreBackup, RestoreRefused } from '../ops/restore.js';
import { toolArgs } from './tool.js';

const { option } = toolArgs(['--from', '--data-dir']);
const from = option('--from');
const dataDir = option('--data-dir');
if (!from || !dataDir) {
  console.error('usage: npm run restore -- --from BACKUP_FOLDER --data-dir NEW_EMPTY_FOLDER');
  process.exit(2);
}
let env;
try {
  env = loadEnv(process.env, { DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(2);
}
if (env.DATABASE_URL || env.S3_ENDPOINT) {
  console.error('npm run restore brings a backup up in an embedded PostgreSQL and S3 server: unset DATABASE_URL and S3_ENDPOINT.');
  process.exit(2);
}
try {
  const report = await restoreBackup(env, createLogger(env.LOG_LEVEL), from);
  for (const line of report.lines) (report.ok ? console.log : console.error)(`  ${line}`);
  if (report.ok) console.log(`Restored into ${dataDir} and checked. Start it with: DATA_DIR=${dataDir} npm start`);
  else console.error(`Restore into ${dataDir} FAILED its checks (above).`);
  process.exit(report.ok ? 0 : 1);
} catch (err) {
  console.error(`Restore ${err instanceof RestoreRefused ? 'refused' : 'FAILED'}: ${(err as Error).message}`);
  process.exit(err instanceof RestoreRefused ? 2 : 1);
}
