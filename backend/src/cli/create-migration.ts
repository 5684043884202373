/**
 * Generates a migration from the entity definitions: starts a throw-away embedded PostgreSQL,
 * applies the existing migrations, diffs against the entities and writes migrations/Migration*.ts.
 * Usage: npm run migration:create [-- --blank]
 *        npm run migration:create -- --check [--port N]   (exit 1 if the entities need a migration)
 *        npm run migration:create -- --sql backend/src/modules/<x>/sql   (a migration installing those SQL files as they read now)
 */
import path from 'node:path';
import { mkdtemp, rm, chmod, mkdir } from 'node:fs/promises';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { openOrm, migrate } from '../db/orm.js';
import { createLogger } from '../shared/logger.js';
import { ROOT_DIR } from '../config/env.js';
import { MIGRATIONS_DIR } from '../db/orm.js';
import { writeMigrationsIndex } from '../db/migrations-index.js';
import { readSqlDir, writeSqlMigration } from '../db/sql-migration.js';

const args = process.argv.slice(2);
const sqlArg = args.indexOf('--sql');
if (sqlArg >= 0) {
  // no database needed: the migration carries the files' text
  const name = await writeSqlMigration(MIGRATIONS_DIR, await readSqlDir(args[sqlArg + 1] ?? ''));
  await writeMigrationsIndex(MIGRATIONS_DIR);
  console.log(`migration written: migrations/${name}.ts`);
  process.exit(0);
}
const check = args.includes('--check');
const portArg = args.indexOf('--port');
const log = createLogger(check ? 'warn' : 'info', 'migration');
const base = path.join(ROOT_DIR, 'storage', 'data');
await mkdir(base, { recursive: true });
const dir = await mkdtemp(path.join(base, 'tmp-migration-'));
await chmod(dir, 0o755);
const db = await startEmbeddedPostgres({ dataDir: dir, port: portArg >= 0 ? Number(args[portArg + 1]) : 54399, log, persistent: false });
let code = 0;
try {
  const orm = await openOrm(db.url);
  await migrate(orm, log);
  if (check) {
    const pending = (await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim();
    if (pending) {
      console.error(`The entities differ from the migrations; run npm run migration:create. Pending SQL:\n${pending}`);
      code = 1;
    } else console.log('Migrations match the entities.');
  } else {
    const blank = args.includes('--blank');
    const result = await orm.getMigrator().createMigration(undefined, blank, false);
    log.info({ file: result.fileName, statements: result.diff.up.length }, result.fileName ? 'migration written' : 'no changes');
    await writeMigrationsIndex(MIGRATIONS_DIR);
  }
  await orm.close();
} finally {
  await db.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(code);
