import PgBoss from 'pg-boss';
import type pg from 'pg';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import type { Statement } from '../shared/persistence.js';
import { isDatabaseUnavailable } from '../infra/database-faults.js';
import type { JobDefinition } from './define-job.js';
import type { Deps, JobQueue } from '../shared/scope.js';
import type { Logger } from '../shared/logger.js';
import { requestContext, withRequestContext } from '../shared/request-context.js';
import { jobDuration, jobsProcessed } from '../infra/metrics.js';

/** The job queue of a process: what use cases see (JobQueue), and pg-boss for its start-up and shutdown. */
export interface PgJobQueue extends JobQueue {
  boss: PgBoss;
}

const BOSS_SCHEMA_VERSION = (createRequire(import.meta.url)('pg-boss/version.json') as { schema: number }).schema;

const createQueueOptions = (job: JobDefinition) => ({
  name: job.name,
  retryLimit: job.options.retryLimit ?? 5,
  retryDelay: job.options.retryDelaySeconds ?? 5,
  retryBackoff: job.options.retryBackoff ?? true,
  expireInSeconds: job.options.expireInSeconds ?? 15 * 60,
});

/**
 * Installs or upgrades pg-boss's schema and creates the given queues, as the schema's owner: both
 * are DDL (a queue is a partition of pgboss.job), which the application's role may not run. The
 * owner's default privileges give the application's role DML on what this creates.
 */
async function installJobQueue(ownerConnectionString: string, jobs: readonly JobDefinition[], log: Logger): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerConnectionString,
    schema: 'pgboss',
    max: 1,
    application_name: 'patravali-jobs-setup',
    supervise: false,
    schedule: false,
    migrate: true,
  });
  boss.on('error', (err) => log.error({ err }, 'job queue setup error'));
  await boss.start();
  try {
    for (const job of jobs) await boss.createQueue(job.name, createQueueOptions(job));
  } finally {
    await boss.stop({ graceful: true, timeout: 1000 });
  }
}

/** Queues the owner must create first: all of them (with the schema) when pg-boss is not installed or older than this pg-boss. */
async function jobQueueSetupNeeded(pool: pg.Pool, jobs: readonly JobDefinition[]): Promise<{ install: boolean; queues: JobDefinition[] }> {
  let version: number | null = null;
  try {
    version = Number((await pool.query('select version from pgboss.version')).rows[0]?.version ?? NaN);
  } catch (err) {
    if (!['42P01', '3F000'].includes((err as { code?: string }).code ?? '')) throw err; // no table / no schema
  }
  if (version !== BOSS_SCHEMA_VERSION) return { install: true, queues: [...jobs] };
  const have = new Set((await pool.query<{ name: string }>('select name from pgboss.queue')).rows.map((r) => r.name));
  return { install: false, queues: jobs.filter((j) => !have.has(j.name)) };
}

/**
 * Starts pg-boss on the given pool (the caller owns and ends it), as the application's role. With
 * `ownerConnectionString` (the application runs as a least-privilege role) only what needs DDL —
 * installing or upgrading pg-boss's schema, creating a queue not there yet — is done as the owner.
 * While the database is away pg-boss keeps polling and reports each failure; those are logged once
 * per burst as warnings, and work resumes by itself when the database is back.
 */
export async function startJobQueue(
  pool: pg.Pool,
  jobs: readonly JobDefinition[],
  log: Logger,
  opts: { maintenanceSeconds?: number; ownerConnectionString?: string | null } = {},
): Promise<PgJobQueue> {
  const owner = opts.ownerConnectionString ?? null;
  if (owner) {
    const needed = await jobQueueSetupNeeded(pool, jobs);
    if (needed.install || needed.queues.length) await installJobQueue(owner, needed.queues, log);
  }
  // Maintenance also expires jobs whose worker died; its interval bounds how soon they are retried.
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    schema: 'pgboss',
    maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 30,
    migrate: !owner,
  });
  let lastOutage = 0;
  boss.on('error', (err) => {
    if (!isDatabaseUnavailable(err)) return log.error({ err }, 'job queue error');
    if (Date.now() - lastOutage > 5000) log.warn({ err: err.message }, 'job queue: database unavailable; retrying');
    lastOutage = Date.now();
  });
  await boss.start();
  if (!owner) {
    for (const job of jobs) await boss.createQueue(job.name, createQueueOptions(job));
  }
  for (const job of jobs) {
    if (job.options.cron) await boss.schedule(job.name, job.options.cron, {}, { tz: 'UTC' });
  }
  const byName = new Map(jobs.map((j) => [j.name, j]));
  return {
    boss,
    async enqueue(job, payload, opts = {}) {
      const registered = byName.get(job.name);
      if (!registered) throw new Error(`job ${job.name} is not registered`);
      // the id of the request (or of the job's own request) that enqueues it travels with the job, beside the payload
      const requestId = requestContext()?.requestId;
      const data = { ...(job.payload.parse(payload) as object), ...(requestId ? { [JOB_META]: { requestId } } : {}) };
      const db = opts.em
        ? {
            // The knex transaction client hands out its own connection, so pg-boss's SQL ($1…)
            // runs inside our transaction.
            executeSql: async (text: string, values: unknown[]) => {
              const trx = opts.em!.getTransactionContext<{
                client: { acquireConnection(): Promise<{ query(t: string, v: unknown[]): Promise<{ rows: unknown[] }> }> };
              }>();
              if (!trx) throw new Error('enqueue with em must run inside a transaction');
              const conn = await trx.client.acquireConnection();
              return conn.query(text, values);
            },
          }
        : undefined;
      const id = await boss.send(job.name, data, {
        priority: opts.priority ?? registered.options.priority ?? 0,
        singletonKey: opts.singletonKey,
        ...(opts.expireInSeconds ? { expireInSeconds: opts.expireInSeconds } : {}),
        ...(db ? { db } : {}),
      });
      if (!id) throw new Error(`job ${job.name} was not stored (queue missing or singleton already queued)`);
      return id;
    },
    async enqueueSql(job, payload) {
      if (!byName.has(job.name)) throw new Error(`job ${job.name} is not registered`);
      const requestId = requestContext()?.requestId;
      const data = { ...(job.payload.parse(payload) as object), ...(requestId ? { [JOB_META]: { requestId } } : {}) };
      // pg-boss writes a job with one INSERT: its text and values are taken instead of run (the id is ours, so nothing
      // of the answer is needed), and its $n placeholders become the ORM's ? ones
      const id = randomUUID();
      let captured: Statement | null = null;
      const db = {
        executeSql: async (text: string, values: unknown[]) => {
          const params: unknown[] = [];
          const sql = text.replace(/\$(\d+)/g, (_, n: string) => (params.push(values[Number(n) - 1]), '?'));
          captured = { sql, params };
          return { rows: [{ id }] };
        },
      };
      const registered = byName.get(job.name)!;
      await boss.send(job.name, data, { id, priority: registered.options.priority ?? 0, db });
      if (!captured) throw new Error(`job ${job.name}: pg-boss wrote nothing to capture`);
      return captured;
    },
    async queueSize(name) {
      return boss.getQueueSize(name);
    },
    async activeCount(name) {
      const all = await boss.getQueueSize(name, { before: 'completed' });
      return all - (await boss.getQueueSize(name));
    },
  };
}

/** The key of a job's data that holds where it came from (`{requestId}`), out of the way of every payload's own fields. */
export const JOB_META = '_meta';

const requestIdOf = (data: unknown): string | undefined => {
  const meta = (data as Record<string, unknown> | null)?.[JOB_META] as { requestId?: unknown } | undefined;
  return typeof meta?.requestId === 'string' ? meta.requestId : undefined;
};

/**
 * Runs the handlers of every job in this process (the worker role). Each job runs inside the id of
 * the request that enqueued it, so its log lines carry it; it is timed and counted per queue.
 */
export async function startWorkers(queue: PgJobQueue, jobs: readonly JobDefinition[], deps: Deps, ocrWorkers: number): Promise<void> {
  for (const job of jobs) {
    const concurrency = job.options.ocr ? ocrWorkers : (job.options.concurrency ?? 1);
    // pg-boss 10 runs one handler per work() call: concurrency = that many subscriptions.
    for (let i = 0; i < concurrency; i++) {
      let workerId: string | null = null;
      const options = {
        batchSize: job.options.batchSize ?? 1,
        pollingIntervalSeconds: job.options.pollingIntervalSeconds ?? 0.5,
        includeMetadata: true as const,
      };
      workerId = await queue.boss.work(job.name, options, async (batch) => {
        const run = (item: (typeof batch)[number]) =>
          withRequestContext({ requestId: requestIdOf(item.data), job: job.name, jobId: item.id }, async () => {
            const stopTimer = jobDuration.startTimer({ queue: job.name });
            try {
              const payload = job.payload.parse(item.data);
              await job.handle(deps, payload, { id: item.id, retryCount: item.retryCount });
              jobsProcessed.inc({ queue: job.name, outcome: 'completed' });
              deps.log.debug({ seconds: stopTimer() }, 'job completed');
            } catch (err) {
              jobsProcessed.inc({ queue: job.name, outcome: 'failed' });
              deps.log.warn({ err, seconds: stopTimer(), retryCount: item.retryCount }, 'job failed');
              throw err;
            }
          });
        if (batch.length === 1) await run(batch[0]!);
        else {
          // side by side; the ones that failed are failed alone (pg-boss then completes only those still active)
          const failed: Array<{ id: string; err: unknown }> = [];
          await Promise.all(batch.map((item) => run(item).catch((err: unknown) => failed.push({ id: item.id, err }))));
          for (const f of failed) await queue.boss.fail(job.name, f.id, f.err as object);
        }
        // a worker that found a job looks for the next at once: pg-boss would otherwise wait out the rest of its polling
        // interval after every job, and a backlog would drain at two jobs a second per worker whatever the machine
        if (batch.length && workerId) queue.boss.notifyWorker(workerId);
      });
    }
  }
}
