/**
 * npm run audit:verify — as the schema's owner: chains what is pending, checks the whole audit hash
 * chain and names the first broken link, then checks the chain against every signed checkpoint in
 * object storage (a chain rewritten and re-hashed disagrees with them) and each checkpoint's signature.
 * Exit code 0: intact; 1: something is wrong (every finding is printed).
 */
import pg from 'pg';
import path from 'node:path';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../shared/logger.js';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { openObjectStore } from '../ops/object-store.js';
import { verifyAuditChain, loadTrustedCheckpointKeys, verifyAuditCheckpoints, type CheckpointProblem } from '../modules/audit/index.js';

const describeProblem = (p: CheckpointProblem): string => {
  if (p.reason === 'hash-mismatch') {
    return `Audit checkpoint MISMATCH: ${p.key} (signed ${p.at}) says chain position ${p.chainNo} has hash ${p.expected}; the database has ${p.found}. The chain was rewritten at or before position ${p.chainNo}.`;
  }
  if (p.reason === 'missing-entry') {
    return `Audit checkpoint MISMATCH: ${p.key} (signed ${p.at}) says chain position ${p.chainNo} has hash ${p.expected}; the database has no entry there. Entries were removed.`;
  }
  return `Audit checkpoint INVALID (${p.reason}): ${p.key}: ${p.detail}.`;
};

const env = loadEnv(process.env, { LOG_LEVEL: 'warn' });
const log = createLogger(env.LOG_LEVEL);
const embedded = env.DATABASE_URL
  ? null
  : await startEmbeddedPostgres({ dataDir: path.join(env.DATA_DIR, 'postgres'), port: env.EMBEDDED_PG_PORT, log });
// the owner: it may chain what is pending and read everything; the application's role would do too, but maintenance runs as the owner
const pool = new pg.Pool({ connectionString: env.DATABASE_OWNER_URL ?? env.DATABASE_URL ?? embedded!.url, max: 2 });
const objects = await openObjectStore(env);
let code = 0;
try {
  const report = await verifyAuditChain(pool);
  if (report.ok)
    console.log(
      `Audit chain OK: ${report.checked} entries, head ${report.lastHash}${report.pending ? ` (${report.pending} newer entries not yet chained)` : ''}.`,
    );
  else {
    const b = report.brokenAt!;
    console.error(
      `Audit chain BROKEN at entry #${b.seq}, chain position ${b.chainNo} (${b.reason}): expected ${b.expected}, found ${b.found}. ${report.checked} entries before it are intact.`,
    );
    code = 1;
  }

  const trusted = await loadTrustedCheckpointKeys(env);
  const cps = await verifyAuditCheckpoints(pool, objects.store, trusted);
  if (cps.total === 0) {
    console.log('No audit checkpoints in storage yet: a rewritten and re-hashed chain cannot be detected before the first one is written.');
  } else {
    for (const p of cps.problems.slice(0, 50)) console.error(describeProblem(p));
    if (cps.problems.length > 50) console.error(`… and ${cps.problems.length - 50} more checkpoint problems.`);
    if (cps.problems.length) {
      code = 1;
      console.error(
        `Audit checkpoints: ${cps.problems.length} of ${cps.total} FAILED, ${cps.matched} agree with the chain.${trusted.size ? '' : ' No trusted checkpoint key was found (AUDIT_CHECKPOINT_KEY_FILE, AUDIT_CHECKPOINT_TRUSTED_KEYS).'}`,
      );
    } else {
      console.log(
        `Audit checkpoints OK: all ${cps.total} signed and agree with the chain (latest: chain position ${cps.latest!.chainNo} at ${cps.latest!.at}).`,
      );
    }
  }
} finally {
  await pool.end();
  await objects.stop();
  await embedded?.stop();
}
process.exit(code);
