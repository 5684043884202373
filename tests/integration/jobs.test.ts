import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import pg from 'pg';
import { bootSystem } from '../support/boot.js';
import type { TestSystem as System } from '../support/boot.js';
import { startJobQueue, startWorkers } from '../../backend/src/jobs/queue.js';
import { defineJob } from '../../backend/src/jobs/define-job.js';
import { purgeExpiredSessionsJob } from '../../backend/src/modules/auth/purge-expired-sessions.job.js';
import { loggedIn } from '../support/api-client.js';

let system: System;
let db: pg.Pool;
beforeAll(async () => {
  system = await bootSystem();
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
});
afterAll(async () => {
  await db?.end();
  await system?.stop();
});

describe('jobs (pg-boss)', () => {
  it('creates the queues of every job at start and schedules the periodic ones', async () => {
    const queues = await db.query('select name from pgboss.queue');
    expect(queues.rows.map((r) => r.name)).toContain('auth.purge-expired-sessions');
    const schedules = await db.query('select name, cron from pgboss.schedule');
    expect(schedules.rows).toContainEqual({ name: 'auth.purge-expired-sessions', cron: '17 * * * *' });
  });

  it('enqueues inside the caller’s transaction: a rollback leaves no job, a commit does', async () => {
    const probe = defineJob({ name: 'test.probe', payload: z.object({ n: z.number() }), async handle() {} });
    const queue = await startJobQueue(system.deps.pool, [probe], system.deps.log, { ownerConnectionString: system.ownerDatabaseUrl });
    try {
      const em = system.deps.orm.em.fork();
      await expect(
        em.transactional(async (tx) => {
          await queue.enqueue(probe, { n: 1 }, { em: tx });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await queue.queueSize('test.probe')).toBe(0);
      await em.transactional(async (tx) => {
        await queue.enqueue(probe, { n: 2 }, { em: tx });
      });
      expect(await queue.queueSize('test.probe')).toBe(1);
      await expect(queue.enqueue(probe, { n: 'three' } as never)).rejects.toThrow();
    } finally {
      await queue.boss.stop({ graceful: true, timeout: 5000 });
    }
  });

  it('a worker that finds a job takes the next at once: a backlog never waits a polling interval between jobs', async () => {
    const done: number[] = [];
    // an idle worker of this job looks for work every 60 s: only taking the next job at once can finish five within the test
    const backlog = defineJob({
      name: 'test.backlog',
      payload: z.object({ n: z.number() }),
      options: { pollingIntervalSeconds: 60 },
      async handle(_deps, { n }) {
        done.push(n);
      },
    });
    const queue = await startJobQueue(system.deps.pool, [backlog], system.deps.log, { ownerConnectionString: system.ownerDatabaseUrl });
    try {
      for (let n = 1; n <= 5; n++) await queue.enqueue(backlog, { n });
      await startWorkers(queue, [backlog], system.deps, 0);
      await vi.waitFor(() => expect(done).toHaveLength(5), { timeout: 20_000, interval: 100 });
      expect([...done].sort()).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await queue.boss.stop({ graceful: true, timeout: 5000 });
    }
  });

  it('a batch of jobs runs side by side; the one that fails is failed alone (retried), the others complete', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let most = 0;
    const batched = defineJob({
      name: 'test.batched',
      payload: z.object({ n: z.number() }),
      options: { batchSize: 4, retryLimit: 1, retryDelaySeconds: 1 },
      async handle(_deps, { n }, { retryCount }) {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 50));
        inFlight--;
        seen.push(n);
        if (n === 3 && retryCount === 0) throw new Error('the third fails once');
      },
    });
    const queue = await startJobQueue(system.deps.pool, [batched], system.deps.log, { ownerConnectionString: system.ownerDatabaseUrl });
    try {
      for (let n = 1; n <= 4; n++) await queue.enqueue(batched, { n });
      await startWorkers(queue, [batched], system.deps, 0);
      await vi.waitFor(() => expect(seen).toHaveLength(5), { timeout: 20_000, interval: 100 });
      // the four were taken together and run side by side; only the third ran again
      expect(most).toBe(4);
      expect([...seen].sort()).toEqual([1, 2, 3, 3, 4]);
      await vi.waitFor(
        async () => {
          const states = (
            await db.query(`select data->>'n' as n, state, retry_count from pgboss.job where name = 'test.batched' order by 1`)
          ).rows;
          expect(states).toEqual([
            { n: '1', state: 'completed', retry_count: 0 },
            { n: '2', state: 'completed', retry_count: 0 },
            { n: '3', state: 'completed', retry_count: 1 },
            { n: '4', state: 'completed', retry_count: 0 },
          ]);
        },
        { timeout: 10_000, interval: 200 },
      );
    } finally {
      await queue.boss.stop({ graceful: true, timeout: 5000 });
    }
  });

  it('runs a job in the worker role: expired sessions are purged', async () => {
    const client = await loggedIn(system.url!, 'sp');
    expect((await client.get('/api/me')).status).toBe(200);
    await db.query("update session set expires_at = now() - interval '1 minute'");
    // refused before any purge: at once where the expiry is the session's own clock; an expiry
    // forced in the database is seen when the API's session cache entry lapses (3 s)
    await vi.waitFor(async () => expect((await client.get('/api/me')).status).toBe(401), { timeout: 5_000, interval: 250 });
    await system.deps.jobs.enqueue(purgeExpiredSessionsJob, {});
    const deadline = Date.now() + 15_000;
    let left = -1;
    while (Date.now() < deadline) {
      left = (await db.query('select count(*)::int as n from session')).rows[0].n;
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(left).toBe(0);
  });
});
