import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createObjectStore, startEmbeddedS3, type EmbeddedS3 } from '@patravali/storage';
import type { Env } from './config/env.js';
import type { Logger } from './shared/logger.js';
import type { Deps } from './shared/scope.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './infra/embedded-postgres.js';
import { openOrm, migrate } from './db/orm.js';
import { startJobQueue, startWorkers } from './jobs/queue.js';
import { allJobs } from './jobs/registry.js';
import { createRealtime, type Realtime } from './realtime/server.js';
import { createApp, type App } from './app.js';
import { createTesseractEngine, type OcrEngine } from './infra/ocr/ocr-engine.js';
import { connectionBounds, guardPool, installQueryTimeoutGuard } from './infra/database-faults.js';
import { metricsAccess, metricsContentType, scrape, watchSystem, type PoolCounts } from './infra/metrics.js';
import { createEventBus, type EventBus } from './shared/events.js';
import {
  auditCheckpointJob,
  auditRoleProblems,
  auditRowsStatement,
  chainPendingAudit,
  checkpointCron,
  loadOrCreateCheckpointKey,
  startAuditChainer,
  writeAuditCheckpoint,
} from './modules/audit/index.js';
import { orgListeners, seedDemoDistrict } from './modules/org/index.js';
import { authListeners, createLoginThrottle, resolveSession, SESSION_COOKIE } from './modules/auth/index.js';
import { applicantListeners, createOtpThrottle } from './modules/applicants/index.js';
import { gazetteerListeners, seedDemoGazetteer } from './modules/gazetteer/index.js';
import { provideMessageDelivery } from './jobs/outbox-delivery.job.js';
import { seedDemoServices, serviceRecords, servicesListeners } from './modules/services/index.js';
import { applicationsListeners, seedDemoApplications } from './modules/applications/index.js';
import { systemActor } from './shared/actor.js';
import { itemDueDates, movementListeners } from './modules/movement/index.js';
import { dakListeners, receiptAddons } from './modules/dak/index.js';
import { fileAddons, filesListeners, filesReceiptAddons, seedDemoFileHeads } from './modules/files/index.js';
import { pendencyDueDates, pendencyListeners, seedDemoPendency } from './modules/pendency/index.js';
import { passSigning, signingFileAddons, signingListeners, verifyAddons } from './modules/signing/index.js';
import {
  closeDocumentSigner,
  documentSigner,
  officerPassSigning,
  passesListeners,
  passVerifyAddons,
  provideDocumentSigning,
} from './modules/passes/index.js';
import { checkpointListeners } from './modules/checkpoints/index.js';
import { rtsDashboardListeners, rtsListeners, seedDemoRts, serviceOnTimeRecords } from './modules/rts/index.js';

export interface System {
  deps: Deps;
  app: App | null;
  httpServer: http.Server | null;
  realtime: Realtime;
  /** The URL the API listens on (null for a worker-only process). */
  url: string | null;
  /** Where METRICS_PORT serves /metrics (null when it is not set). */
  metricsUrl: string | null;
  /** The application's connection (its least-privilege role). */
  databaseUrl: string;
  /** The schema owner's connection: migrations, job-queue setup, maintenance. */
  ownerDatabaseUrl: string;
  stop(): Promise<void>;
}

/** What modules built on top show in the views of the modules below them (which never import them): signatures, filing, pendency's due dates in the inbox. */
export function provideAddons(): void {
  fileAddons.provide(signingFileAddons);
  receiptAddons.provide(filesReceiptAddons);
  itemDueDates.provide(pendencyDueDates);
  verifyAddons.provide(passVerifyAddons);
  passSigning.provide(officerPassSigning);
  serviceRecords.provide({ onTime: serviceOnTimeRecords });
}

/**
 * The demo district, once: its org structure, file heads and gazetteer in one transaction (a database that
 * has the district is left alone), then its holidays and calendars and, outside tests, a few
 * back-dated pending items for the dashboard.
 */
async function seedDemo(deps: Deps): Promise<void> {
  await seedDemoDistrict(deps, async (tx) => {
    await seedDemoFileHeads(tx);
    await seedDemoGazetteer(tx, deps);
  });
  await seedDemoPendency(deps, { items: deps.env.NODE_ENV !== 'test' });
  await seedDemoServices({ actor: systemActor(), em: deps.orm.em.fork(), deps });
  if (deps.env.NODE_ENV !== 'test') {
    await seedDemoApplications(deps);
    await seedDemoRts(deps);
  }
}

/**
 * The domain events of a process: the platform's audit log and realtime hints underneath, every
 * module's listeners on top (a module never imports the modules that listen to it).
 */
function createEvents(publish: Deps['realtime']['publish'], log: Logger): EventBus {
  const events = createEventBus({ auditStatement: auditRowsStatement, publish, log });
  for (const listeners of [
    orgListeners,
    gazetteerListeners,
    authListeners,
    dakListeners,
    movementListeners,
    filesListeners,
    pendencyListeners,
    signingListeners,
    applicantListeners,
    servicesListeners,
    applicationsListeners,
    passesListeners,
    checkpointListeners,
    rtsListeners,
    rtsDashboardListeners,
  ])
    events.listen(listeners);
  return events;
}

/**
 * Brings up everything a role needs: PostgreSQL (embedded unless DATABASE_URL), object storage
 * (embedded S3 unless S3_ENDPOINT), migrations, the job queue, Socket.IO, the HTTP server, and the
 * demo district. Stops in reverse order.
 */
export async function startSystem(env: Env, log: Logger, opts: { tool?: boolean } = {}): Promise<System> {
  const stops: Array<{ name: string; stop: () => Promise<unknown> }> = [];
  const onStop = (name: string, stop: () => Promise<unknown>) => stops.push({ name, stop });
  const stopAll = async () => {
    for (const { name, stop } of stops.reverse()) {
      log.debug({ part: name }, 'stopping');
      await stop().catch((err) => log.error({ err, part: name }, 'error while stopping'));
    }
  };
  installQueryTimeoutGuard();
  const timeoutMs = env.DB_TIMEOUT_SECONDS * 1000;
  try {
    // >>> i12-audit: two roles — the app runs as a least-privilege role, migrations as the schema's owner
    let databaseUrl = env.DATABASE_URL;
    let ownerDatabaseUrl = env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
    if (!databaseUrl) {
      const db: EmbeddedDatabase = await startEmbeddedPostgres({
        dataDir: path.join(env.DATA_DIR, 'postgres'),
        port: env.EMBEDDED_PG_PORT,
        log,
      });
      onStop('postgres', () => db.stop());
      databaseUrl = db.appSocketUrl ?? db.appUrl;
      ownerDatabaseUrl = db.socketUrl ?? db.url;
    }
    // <<< i12-audit

    let s3: { endPoint: string; port: number; useSSL: boolean; accessKey: string; secretKey: string; embedded: boolean };
    if (env.S3_ENDPOINT) {
      const u = new URL(env.S3_ENDPOINT);
      s3 = {
        endPoint: u.hostname,
        port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
        useSSL: u.protocol === 'https:',
        accessKey: env.S3_ACCESS_KEY!,
        secretKey: env.S3_SECRET_KEY!,
        embedded: false,
      };
    } else {
      const server: EmbeddedS3 = await startEmbeddedS3({
        directory: path.join(env.DATA_DIR, 's3'),
        port: env.EMBEDDED_S3_PORT,
        buckets: [env.S3_BUCKET],
      });
      onStop('s3', () => server.stop());
      s3 = {
        endPoint: server.host,
        port: server.port,
        useSSL: false,
        accessKey: server.accessKey,
        secretKey: server.secretKey,
        embedded: true,
      };
      log.info(
        { endpoint: server.endpoint, attached: server.attached },
        server.attached ? 'using the embedded S3 server of the running system' : 'embedded S3 server is up',
      );
    }
    const store = createObjectStore({ ...s3, region: env.S3_REGION, bucket: env.S3_BUCKET });
    try {
      await store.ensureBucket();
    } catch (err) {
      throw new Error(
        s3.embedded
          ? `Port ${s3.port} for the embedded S3 server is in use by another program. Stop it or set EMBEDDED_S3_PORT.`
          : `The object storage at ${env.S3_ENDPOINT} does not answer: ${(err as Error).message}`,
        { cause: err },
      );
    }

    // >>> i12-audit: migrations as the owner, on their own short-lived ORM without the request-time
    // bounds (they may run long); then the app's ORM, as the application's role
    const migrationOrm = await openOrm(ownerDatabaseUrl!, 2);
    try {
      await migrate(migrationOrm, log);
    } finally {
      await migrationOrm.close();
    }
    const orm: MikroORM = await openOrm(databaseUrl, env.DB_POOL_MAX, timeoutMs);
    onStop('orm', () => orm.close());
    // <<< i12-audit

    const pool = guardPool(
      new pg.Pool({ connectionString: databaseUrl, max: 6, application_name: 'patravali', ...connectionBounds(timeoutMs) }),
      log,
      'main',
    );
    onStop('pool', () => pool.end());
    // >>> i12-audit: role check; checkpoint key (worker roles sign checkpoints; api-only nodes never hold the key);
    // a last checkpoint at shutdown, registered before the chainer so it runs after the chainer has stopped
    const roleProblems = await auditRoleProblems(pool);
    if (roleProblems.length) {
      log.warn(
        { problems: roleProblems },
        'the database role in DATABASE_URL can rewrite the audit log: give the application its own least-privilege role (README, "Database roles")',
      );
    }
    const checkpointKey = env.ROLE === 'api' ? null : await loadOrCreateCheckpointKey(env, log);
    if (checkpointKey) {
      onStop('audit checkpoint', async () => {
        try {
          await chainPendingAudit(pool);
          await writeAuditCheckpoint(pool, store, checkpointKey, log);
        } catch (err) {
          log.warn({ err }, 'no audit checkpoint at shutdown');
        }
      });
    }
    // <<< i12-audit
    const chainer = startAuditChainer(pool, log);
    onStop('audit chainer', () => chainer.stop());

    // The OCR engine starts on first use; it stops after the job queue (registered before it).
    const ocrWorkers = env.ROLE === 'api' ? 0 : (env.OCR_WORKERS ?? env.cpuCount);
    let engine: Promise<OcrEngine> | null = null;
    onStop('ocr', async () => engine && (await engine).close());

    // The job queue runs on a pool of ours, so its connections have the same bounds and guard; the
    // owner installs pg-boss's schema and queues (DDL) when the application runs as its own role
    const jobsPool = guardPool(
      new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'patravali-jobs', ...connectionBounds(timeoutMs) }),
      log,
      'jobs',
    );
    onStop('jobs pool', () => jobsPool.end());
    const jobs = await startJobQueue(jobsPool, allJobs, log, {
      maintenanceSeconds: env.JOB_MAINTENANCE_SECONDS,
      ownerConnectionString: ownerDatabaseUrl !== databaseUrl ? ownerDatabaseUrl : null,
    });
    onStop('jobs', () => jobs.boss.stop({ graceful: true, timeout: 10_000 }));
    await jobs.boss.schedule(auditCheckpointJob.name, checkpointCron(env.AUDIT_CHECKPOINT_MINUTES), {}, { tz: 'UTC' }); // i12-audit

    const serveHttp = env.ROLE !== 'worker' && !opts.tool;
    // An idle keep-alive connection stays open longer than clients and proxies wait before reusing one
    // (nginx upstream keepalive: 60 s): Node's ~6 s default resets a request sent at the moment it closes.
    const httpServer = serveHttp ? http.createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }) : null;
    // a socket's handshake is authenticated like a request: by its session cookie
    const authenticate = async (cookies: Record<string, string | undefined>, ip: string) =>
      (await resolveSession(orm.em.fork(), cookies[SESSION_COOKIE], { ip, fallbackLocale: 'hi', ttlHours: env.SESSION_TTL_HOURS }))
        ?.actor ?? null;
    const realtime = createRealtime({
      httpServer,
      databaseUrl,
      timeoutMs,
      log,
      authenticate,
      allowedOrigins: env.PUBLIC_URL ? [new URL(env.PUBLIC_URL).origin] : null,
      trustProxy: env.TRUST_PROXY,
    });
    onStop('realtime', () => realtime.close());
    await realtime.ready;

    const throttle = createLoginThrottle(pool, {
      maxFailures: env.LOGIN_MAX_FAILURES,
      ipMaxFailures: env.LOGIN_IP_MAX_FAILURES,
      lockMinutes: env.LOGIN_LOCK_MINUTES,
    });
    const otpThrottle = createOtpThrottle(pool, {
      perMobile: env.OTP_PER_MOBILE,
      perIp: env.OTP_PER_IP,
      windowMinutes: env.OTP_WINDOW_MINUTES,
    });
    const ocr = () => {
      if (ocrWorkers === 0) return Promise.reject(new Error('OCR is off in this process (OCR_WORKERS=0 or role api)'));
      engine ??= createTesseractEngine({ workers: ocrWorkers, langDir: path.join(env.DATA_DIR, 'tessdata'), langs: env.OCR_LANGS, log });
      return engine;
    };
    provideAddons();
    const events = createEvents((messages) => realtime.publish(messages), log);
    const deps: Deps = { env, log, orm, pool, store, jobs, realtime, events, throttle, otpThrottle, ocr };
    const gateway = provideMessageDelivery(deps);
    provideDocumentSigning(deps);
    onStop('document signer', () => closeDocumentSigner(deps));
    if (gateway) log.info({ gateway: gateway.name }, 'SMS go out through the configured gateway');

    // A command-line tool (org:import …) runs beside a live system: it serves nothing and works no jobs.
    if (env.DEMO_SEED && !opts.tool) await seedDemo(deps);

    if (env.ROLE !== 'api' && !opts.tool) {
      await startWorkers(jobs, allJobs, deps, ocrWorkers);
      // the demo's document signer (a SoftHSM token certified by the demo CA) is made at start, not at the first
      // approval — beside the start, not before it: the key is generated inside the token, which takes seconds
      if (env.DEMO_SEED && env.NODE_ENV !== 'test' && !env.DOCUMENT_SIGNER_PKCS11_LIBRARY)
        void documentSigner(deps).then(
          (signer) => log.info({ signer: signer.subject }, 'the office document signer (demo SoftHSM token) is ready'),
          (err: Error) =>
            log.error({ err: err.message }, 'no office document signer: passes and certificates stay pending until one works'),
        );
    }

    // what a scrape reads of this system: the job queues and audit chain (through the main pool), the pools, the sockets
    const unwatch = watchSystem({
      db: pool,
      queues: allJobs.map((j) => j.name),
      pools: { main: pool, jobs: jobsPool, orm: () => ormPoolCounts(orm) },
      sockets: () => realtime.io.of('/').sockets.size,
    });
    onStop('metrics', async () => unwatch());
    const metricsUrl = env.METRICS_PORT !== undefined && !opts.tool ? await serveMetrics(env, log, onStop) : null;

    let app: App | null = null;
    let url: string | null = null;
    if (httpServer) {
      app = createApp(deps);
      const handle = app.koa.callback();
      // Koa answers a request's errors itself (errorMiddleware, then ctx.onerror); whatever still escapes is logged
      httpServer.on(
        'request',
        (req: http.IncomingMessage, res: http.ServerResponse) =>
          void handle(req, res).catch((err: unknown) => log.error({ err }, 'a request failed outside Koa')),
      );
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(env.PORT, env.HOST, () => resolve());
      });
      // open websockets (a browser tab) are upgraded connections closeAllConnections does not end: they would keep close() waiting
      onStop(
        'http',
        () =>
          new Promise<void>((resolve) => {
            realtime.io.disconnectSockets(true);
            httpServer.closeAllConnections();
            httpServer.close(() => resolve());
          }),
      );
      const address = httpServer.address();
      const port = typeof address === 'object' && address ? address.port : env.PORT;
      url = env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST}:${port}`;
    }
    return { deps, app, httpServer, realtime, url, metricsUrl, databaseUrl, ownerDatabaseUrl: ownerDatabaseUrl!, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The ORM's (knex/tarn) pool counted as a pg.Pool is. */
function ormPoolCounts(orm: MikroORM): PoolCounts {
  const tarn = (
    orm.em.getConnection().getKnex().client as {
      pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } | null;
    }
  ).pool;
  if (!tarn) return { totalCount: 0, idleCount: 0, waitingCount: 0 };
  return { totalCount: tarn.numUsed() + tarn.numFree(), idleCount: tarn.numFree(), waitingCount: tarn.numPendingAcquires() };
}

/**
 * GET /metrics on METRICS_PORT (a worker has no other HTTP port), with the same bearer token as the
 * API's /metrics; anything else answers 404. Answers where it listens.
 */
async function serveMetrics(env: Env, log: Logger, onStop: (name: string, stop: () => Promise<unknown>) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') return void res.writeHead(404).end();
    const access = metricsAccess(env.METRICS_TOKEN, req.headers.authorization);
    if (access !== 'ok') return void res.writeHead(access === 'off' ? 404 : 401, { 'WWW-Authenticate': 'Bearer' }).end();
    scrape().then(
      (text) => res.writeHead(200, { 'Content-Type': metricsContentType }).end(text),
      (err: unknown) => {
        log.error({ err }, 'metrics scrape failed');
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.METRICS_PORT, env.METRICS_HOST, () => resolve());
  });
  onStop('metrics server', () => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.METRICS_PORT;
  const host = env.METRICS_HOST === '0.0.0.0' || env.METRICS_HOST === '::' ? '127.0.0.1' : env.METRICS_HOST;
  log.info({ port }, 'metrics are served on their own port');
  return `http://${host}:${port}/metrics`;
}
