/** npm run audit:verify — chains what is pending, checks the whole audit hash chain and names the first broken link. */
import pg from 'pg';
import path from 'node:path';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../shared/logger.js';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { verifyAuditChain } from '../modules/audit/verify-audit-chain.js';

const env = loadEnv(process.env, { LOG_LEVEL: 'warn' });
const log = createLogger(env.LOG_LEVEL);
const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(env.DATA_DIR, 'postgres'), port: env.EMBEDDED_PG_PORT, log });
const pool = new pg.Pool({ connectionString: env.DATABASE_URL ?? embedded!.url, max: 1 });
let code = 0;
try {
  const report = await verifyAuditChain(pool);
  if (report.ok) console.log(`Audit chain OK: ${report.checked} entries, head ${report.lastHash}${report.pending ? ` (${report.pending} newer entries not yet chained)` : ''}.`);
  else {
    const b = report.brokenAt!;
    console.error(`Audit chain BROKEN at entry #${b.seq}, chain position ${b.chainNo} (${b.reason}): expected ${b.expected}, found ${b.found}. ${report.checked} entries before it are intact.`);
    code = 1;
  }
} finally {
  await pool.end();
  await embedded?.stop();
}
process.exit(code);
