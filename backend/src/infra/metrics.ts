import { timingSafeEqual, createHash } from 'node:crypto';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics: one registry, the metrics every part of the process updates,
 * and the gauges read at scrape time from the running system's parts (watchSystem). Served at
 * GET /metrics by the API (health.routes.ts) and on METRICS_PORT by any role (system.ts); both need
 * `Authorization: Bearer $METRICS_TOKEN`. The README ("Metrics and alerts") says what each means.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const registers = [registry];

export const httpRequestDuration = new Histogram({
  name: 'patravali_http_request_duration_seconds',
  help: 'HTTP requests: time to answer, by route template (never the raw path), method and status class',
  labelNames: ['route', 'method', 'status_class'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

export const httpErrors = new Counter({
  name: 'patravali_http_errors_total',
  help: 'HTTP answers with status >= 400, by status and error code (NOT_FOUND, VALIDATION_FAILED, INTERNAL …)',
  labelNames: ['status', 'code'] as const,
  registers,
});

export const jobsProcessed = new Counter({
  name: 'patravali_jobs_total',
  help: 'Jobs worked by this process, by queue and outcome (completed, or failed: retried later or given up)',
  labelNames: ['queue', 'outcome'] as const,
  registers,
});

export const jobDuration = new Histogram({
  name: 'patravali_job_duration_seconds',
  help: 'Time a job took in this process, by queue',
  labelNames: ['queue'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers,
});

export const ocrPages = new Counter({
  name: 'patravali_ocr_pages_total',
  help: 'Scanned pages read by OCR (outcome done), or given up after the last retry (failed)',
  labelNames: ['outcome'] as const,
  registers,
});

export const documentsSigned = new Counter({
  name: 'patravali_documents_signed_total',
  help: "Passes and certificates signed with the office's document signer",
  registers,
});

export const officerSignatures = new Counter({
  name: 'patravali_officer_signatures_total',
  help: 'Notes and letters officers signed with their own DSC (through the signing agent)',
  registers,
});

const queueDepth = new Gauge({
  name: 'patravali_job_queue_depth',
  help: 'Jobs waiting in a queue (created or waiting for a retry), read from the job tables at scrape',
  labelNames: ['queue'] as const,
  registers,
});
const queueOldest = new Gauge({
  name: 'patravali_job_queue_oldest_age_seconds',
  help: 'How long the oldest job that could run has waited (0 when none waits)',
  labelNames: ['queue'] as const,
  registers,
});
const queueActive = new Gauge({
  name: 'patravali_job_queue_active',
  help: 'Jobs of a queue being worked on now (by any worker)',
  labelNames: ['queue'] as const,
  registers,
});
const auditUnchained = new Gauge({
  name: 'patravali_audit_unchained_rows',
  help: 'Audit rows committed but not yet linked into the hash chain (the chainer links them within a second)',
  registers,
});
const auditLagSeconds = new Gauge({
  name: 'patravali_audit_chain_lag_seconds',
  help: 'Age of the oldest audit row not yet chained (0 when the chain is up to date)',
  registers,
});
const poolTotal = new Gauge({
  name: 'patravali_db_pool_connections',
  help: 'Open connections of a database pool of this process',
  labelNames: ['pool'] as const,
  registers,
});
const poolIdle = new Gauge({
  name: 'patravali_db_pool_idle',
  help: 'Idle connections of a database pool of this process',
  labelNames: ['pool'] as const,
  registers,
});
const poolWaiting = new Gauge({
  name: 'patravali_db_pool_waiting',
  help: 'Callers waiting for a connection of a database pool of this process (sustained > 0: the pool is too small or queries too slow)',
  labelNames: ['pool'] as const,
  registers,
});
const socketsConnected = new Gauge({
  name: 'patravali_socketio_connected',
  help: 'Socket.IO connections open on this process',
  registers,
});
const databaseUp = new Gauge({
  name: 'patravali_metrics_database_up',
  help: 'Whether the last scrape could read queue and audit figures from the database (1) or not (0)',
  registers,
});

/** A connection pool as the gauges read it (pg.Pool's counts; the ORM's knex pool is adapted to it). */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** What a running system lets the scrape read. */
export interface MetricSources {
  /** Reads the job and audit tables (the application's pool). */
  db: pg.Pool;
  queues: readonly string[];
  pools: Record<string, PoolCounts | (() => PoolCounts)>;
  sockets: () => number;
}

const systems = new Set<MetricSources>();

/** Lets the scrape read a running system's parts; the answer stops it (at shutdown). */
export function watchSystem(sources: MetricSources): () => void {
  systems.add(sources);
  return () => void systems.delete(sources);
}

/** Reads the figures kept in the database: two cheap aggregate queries over waiting jobs and unchained audit rows. */
async function readDatabaseFigures(sources: MetricSources): Promise<void> {
  const { rows } = await sources.db.query<{ name: string; waiting: number; active: number; oldest: number | null }>(
    `select name,
            count(*) filter (where state < 'active')::int as waiting,
            count(*) filter (where state = 'active')::int as active,
            extract(epoch from now() - min(start_after) filter (where state < 'active' and start_after <= now()))::float8 as oldest
       from pgboss.job where state <= 'active' and name = any($1) group by name`,
    [sources.queues],
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  for (const queue of sources.queues) {
    const r = byName.get(queue);
    queueDepth.set({ queue }, r?.waiting ?? 0);
    queueActive.set({ queue }, r?.active ?? 0);
    queueOldest.set({ queue }, Math.max(0, r?.oldest ?? 0));
  }
  const {
    rows: [audit],
  } = await sources.db.query<{ n: number; age: number | null }>(
    'select count(*)::int as n, extract(epoch from now() - min(at))::float8 as age from audit_event where hash is null',
  );
  auditUnchained.set(audit?.n ?? 0);
  auditLagSeconds.set(Math.max(0, audit?.age ?? 0));
}

/** The metrics in Prometheus's text format, with the gauges read now from every watched system. */
export async function scrape(): Promise<string> {
  let up = 1;
  let sockets = 0;
  for (const sources of systems) {
    for (const [name, p] of Object.entries(sources.pools)) {
      const counts = typeof p === 'function' ? p() : p;
      poolTotal.set({ pool: name }, counts.totalCount);
      poolIdle.set({ pool: name }, counts.idleCount);
      poolWaiting.set({ pool: name }, counts.waitingCount);
    }
    sockets += sources.sockets();
    try {
      await readDatabaseFigures(sources);
    } catch {
      up = 0; // the database is away: the process's own figures still answer
    }
  }
  socketsConnected.set(sockets);
  databaseUp.set(up);
  return registry.metrics();
}

export const metricsContentType = registry.contentType;

/**
 * Whether a scrape may read the metrics: never without METRICS_TOKEN configured ('off'), else only
 * with `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time).
 */
export function metricsAccess(token: string | undefined, authorization: string | undefined): 'ok' | 'off' | 'refused' {
  if (!token) return 'off';
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token)) ? 'ok' : 'refused';
}
