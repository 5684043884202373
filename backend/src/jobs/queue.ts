import PgBoss from 'pg-boss';
import type pg from 'pg';
import { isDatabaseUnavailable } from '../infra/database-faults.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { JobDefinition } from './define-job.js';
import type { Deps } from '../shared/scope.js';
import type { Logger } from '../shared/logger.js';

export interface JobQueue {
  /** Enqueues a job; with `em` inside a transaction, the job commits (or not) with it. */
  enqueue<S extends z.ZodType>(job: JobDefinition<S>, payload: z.infer<S>, opts?: { em?: EntityManager; priority?: number; singletonKey?: string; expireInSeconds?: number }): Promise<string>;
  queueSize(name: string): Promise<number>;
  /** Jobs of a queue being worked on right now. */
  activeCount(name: string): Promise<number>;
  boss: PgBoss;
}

/**
 * Starts pg-boss on the given pool (the caller owns and ends it). While the database is away pg-boss
 * keeps polling and reports each failure; those are logged once per burst as warnings, and work
 * resumes by itself when the database is back.
 */
export async function startJobQueue(pool: pg.Pool, jobs: readonly JobDefinition[], log: Logger, opts: { maintenanceSeconds?: number } = {}): Promise<JobQueue> {
  // Maintenance also expires jobs whose worker died; its interval bounds how soon they are retried.
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values as unknown[]) },
    schema: 'pgboss', maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 30,
  });
  let lastOutage = 0;
  boss.on('error', (err) => {
    if (!isDatabaseUnavailable(err)) return log.error({ err }, 'job queue error');
    if (Date.now() - lastOutage > 5000) log.warn({ err: err.message }, 'job queue: database unavailable; retrying');
    lastOutage = Date.now();
  });
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name, {
      name: job.name,
      retryLimit: job.options.retryLimit ?? 5,
      retryDelay: job.options.retryDelaySeconds ?? 5,
      retryBackoff: job.options.retryBackoff ?? true,
      expireInSeconds: job.options.expireInSeconds ?? 15 * 60,
    });
    if (job.options.cron) await boss.schedule(job.name, job.options.cron, {}, { tz: 'UTC' });
  }
  const byName = new Map(jobs.map((j) => [j.name, j]));
  return {
    boss,
    async enqueue(job, payload, opts = {}) {
      if (!byName.has(job.name)) throw new Error(`job ${job.name} is not registered`);
      const data = job.payload.parse(payload) as object;
      const db = opts.em
        ? {
            // The knex transaction client hands out its own connection, so pg-boss's SQL ($1…)
            // runs inside our transaction.
            executeSql: async (text: string, values: unknown[]) => {
              const trx = opts.em!.getTransactionContext<{ client: { acquireConnection(): Promise<{ query(t: string, v: unknown[]): Promise<{ rows: unknown[] }> }> } }>();
              if (!trx) throw new Error('enqueue with em must run inside a transaction');
              const conn = await trx.client.acquireConnection();
              return conn.query(text, values);
            },
          }
        : undefined;
      const id = await boss.send(job.name, data, {
        priority: opts.priority ?? job.options.priority ?? 0, singletonKey: opts.singletonKey,
        ...(opts.expireInSeconds ? { expireInSeconds: opts.expireInSeconds } : {}), ...(db ? { db } : {}),
      });
      if (!id) throw new Error(`job ${job.name} was not stored (queue missing or singleton already queued)`);
      return id;
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

/** Runs the handlers of every job in this process (the worker role). */
export async function startWorkers(queue: JobQueue, jobs: readonly JobDefinition[], deps: Deps, ocrWorkers: number): Promise<void> {
  for (const job of jobs) {
    const concurrency = job.options.ocr ? ocrWorkers : (job.options.concurrency ?? 1);
    // pg-boss 10 runs one handler per work() call: concurrency = that many subscriptions.
    for (let i = 0; i < concurrency; i++) {
      await queue.boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true }, async (batch) => {
        for (const item of batch) {
          const payload = job.payload.parse(item.data);
          await job.handle(deps, payload, { id: item.id, retryCount: item.retryCount });
        }
      });
    }
  }
}
