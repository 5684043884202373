import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import type { Logger } from 'pino';
import { ROOT_DIR } from '../config/env.js';
import { entities } from './entities.js';
import { PENDENCY_TABLES } from '../modules/pendency/index.js';
import { RTS_DASHBOARD_TABLES } from '../modules/rts/index.js';
import { migrationsList } from '../../../migrations/index.js';
import { connectionBounds } from '../infra/database-faults.js';

export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'migrations');

/**
 * `timeoutMs` bounds every wait on the database (connecting, a pooled connection, an answer, a
 * statement's run time): the API's connections have it; migrations and maintenance, which may
 * legitimately run long, open their own ORM without it.
 */
export function ormOptions(url: string, poolMax = 10, timeoutMs?: number): Options {
  // a Unix socket directory given as ?host=/dir (as pg's connection strings do): MikroORM reads only the URL's host name
  const socketDir = new URL(url).searchParams.get('host');
  return {
    clientUrl: url,
    ...(socketDir?.startsWith('/') ? { host: socketDir } : {}),
    entities,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true },
    pool: { min: 0, max: poolMax },
    ...(timeoutMs ? { driverOptions: { connection: connectionBounds(timeoutMs), acquireConnectionTimeout: timeoutMs } } : {}),
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // tables without entities (created in migrations): owned by libraries, or read and written only in SQL (pendency); the diff must leave them alone
    schemaGenerator: { skipTables: ['rate_limit', 'socket_io_attachments', 'org_version', ...PENDENCY_TABLES, ...RTS_DASHBOARD_TABLES] },
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      migrationsList,
      silent: true,
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      tableName: 'mikro_orm_migrations',
    },
  };
}

export async function openOrm(url: string, poolMax?: number, timeoutMs?: number): Promise<MikroORM> {
  return MikroORM.init(ormOptions(url, poolMax, timeoutMs));
}

/** Applies pending migrations; several nodes starting together take turns through an advisory lock. */
export async function migrate(orm: MikroORM, log: Logger): Promise<void> {
  const conn = orm.em.getConnection();
  const knex = conn.getKnex();
  const client = await knex.client.acquireConnection();
  try {
    await client.query('select pg_advisory_lock(7331001)');
    const migrator = orm.getMigrator();
    const pending = await migrator.getPendingMigrations();
    if (pending.length) {
      log.info({ migrations: pending.map((m) => m.name) }, 'applying migrations');
      await migrator.up();
    }
  } finally {
    await client.query('select pg_advisory_unlock(7331001)').catch(() => undefined);
    await knex.client.releaseConnection(client);
  }
}
