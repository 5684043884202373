import path from 'node:path';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedS3 } from '@patravali/storage';
import { startEmbeddedPostgres } from '../../backend/src/infra/embedded-postgres.js';
import { loadEnv, ROOT_DIR } from '../../backend/src/config/env.js';
import { createLogger } from '../../backend/src/shared/logger.js';
import { startSystem } from '../../backend/src/system.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The schema owner (a superuser here) on database `postgres`. */
    pgAdminUrl: string;
    /** The application's least-privilege role (patravali_app) on database `postgres`. */
    pgAppUrl: string;
    templateDb: string;
    s3: { endpoint: string; accessKey: string; secretKey: string };
    tmpRoot: string;
  }
}

/**
 * One real PostgreSQL and one real S3 server for the whole run. A template database is migrated
 * and seeded with the demo district once; each test file gets its own copy (CREATE DATABASE …
 * TEMPLATE), so files are isolated and fast.
 */
export default async function setup(project: TestProject) {
  const log = createLogger('warn', 'tests');
  const tmpBase = path.join(ROOT_DIR, 'tests', '.tmp');
  await mkdir(tmpBase, { recursive: true });
  await chmod(tmpBase, 0o755);
  const tmpRoot = await mkdtemp(path.join(tmpBase, 'run-'));
  await chmod(tmpRoot, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: path.join(tmpRoot, 'pg'), port: await freePort(), log, persistent: false });
  const s3 = await startEmbeddedS3({ directory: path.join(tmpRoot, 's3'), port: 0, buckets: [] });

  const adminUrl = db.url.replace(/\/patravali$/, '/postgres');
  const appUrl = db.appUrl.replace(/\/patravali$/, '/postgres');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('create database patravali_template');
  await admin.end();

  const env = loadEnv(
    {},
    {
      NODE_ENV: 'test',
      ROLE: 'worker',
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'true',
      DATA_DIR: tmpRoot,
      // the app as its least-privilege role, migrations as the owner — as in production
      DATABASE_URL: db.appUrl.replace(/\/patravali$/, '/patravali_template'),
      DATABASE_OWNER_URL: db.url.replace(/\/patravali$/, '/patravali_template'),
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      S3_BUCKET: 'template',
    },
  );
  const system = await startSystem(env, log);
  await system.stop();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgAppUrl', appUrl);
  project.provide('templateDb', 'patravali_template');
  project.provide('s3', { endpoint: s3.endpoint, accessKey: s3.accessKey, secretKey: s3.secretKey });
  project.provide('tmpRoot', tmpRoot);

  return async () => {
    await s3.stop();
    await db.stop();
    await rm(tmpRoot, { recursive: true, force: true });
  };
}
