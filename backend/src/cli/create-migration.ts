/**
 * Generates a migration from the entity definitions: starts a throw-away embedded PostgreSQL,
 * applies the existing migrations, diffs against the entities and writes migrations/Migration*.ts.
 * Usage: npm run migration:create [-- --blank]
 */
import path from 'node:path';
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { openOrm, migrate } from '../db/orm.js';
import { createLogger } from '../shared/logger.js';
import { ROOT_DIR } from '../config/env.js';
import { MIGRATIONS_DIR } from '../db/orm.js';
import { writeMigrationsIndex } from '../db/migrations-index.js';

const log = createLogger('info', 'migration');
const dir = await mkdtemp(path.join(ROOT_DIR, 'storage', 'data', 'tmp-migration-'));
await chmod(dir, 0o755);
const db = await startEmbeddedPostgres({ dataDir: dir, port: 54399, log, persistent: false });
try {
  const orm = await openOrm(db.url);
  await migrate(orm, log);
  const blank = process.argv.includes('--blank');
  const result = await orm.getMigrator().createMigration(undefined, blank, false);
  log.info({ file: result.fileName, statements: result.diff.up.length }, result.fileName ? 'migration written' : 'no changes');
  await orm.close();
  await writeMigrationsIndex(MIGRATIONS_DIR);
} finally {
  await db.stop();
  await rm(dir, { recursive: true, force: true });
}
