import { inject } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { loadEnv } from '../../backend/src/config/env.js';
import { createLogger } from '../../backend/src/shared/logger.js';
import { startSystem, type System } from '../../backend/src/system.js';

export interface TestDatabase {
  name: string;
  /** As the schema's owner (a superuser here): for tests that look into or tamper with the database. */
  url: string;
  /** As the application's least-privilege role (patravali_app): what the system under test connects as. */
  appUrl: string;
  bucket: string;
}

/** The database settings of a system under test: the app as its own role, migrations as the owner. */
export const dbEnv = (db: TestDatabase) => ({ DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.url });
/** What points a process of ours (the system, a CLI, a worker of its own) at a test database, the test S3 server and the data folder. */
export function storesEnv(db: TestDatabase) {
  const s3 = inject('s3');
  return {
    DATA_DIR: inject('tmpRoot'),
    ...dbEnv(db),
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: db.bucket,
  };
}

/** A private copy of the seeded template database and a private bucket for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('templateDb')}`);
  await admin.end();
  return {
    name,
    url: inject('pgAdminUrl').replace(/\/postgres$/, `/${name}`),
    appUrl: inject('pgAppUrl').replace(/\/postgres$/, `/${name}`),
    bucket: `b-${name.replace(/_/g, '-')}`,
  };
}

/**
 * Boots the real system (API + worker roles) on a private database, real PostgreSQL and the real
 * S3 server, listening on a free loopback port. It connects as the least-privilege application role.
 */
export async function bootSystem(opts: { db?: TestDatabase; env?: Record<string, string> } = {}): Promise<System & { db: TestDatabase }> {
  const db = opts.db ?? (await createTestDatabase());
  const env = loadEnv(
    {},
    {
      NODE_ENV: 'test',
      ROLE: 'both',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DEMO_SEED: 'false',
      SERVE_FRONTEND: 'false',
      ...storesEnv(db),
      ...opts.env,
    },
  );
  const system = await startSystem(env, createLogger(env.LOG_LEVEL));
  return Object.assign(system, { db });
}

export type TestSystem = Awaited<ReturnType<typeof bootSystem>>;
