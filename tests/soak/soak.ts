/**
 * Soak (npm run soak): SOAK_USERS simulated people (200) for SOAK_SECONDS (600) against one running
 * Patravali — dak clerks diarising (some from a scanned letter) and sending, officers opening files from
 * receipts, noting, drafting and putting them up, senior officers ordering, approving drafts and returning
 * files, the SP and district heads on the pendency and Right-to-Service dashboards, citizens signing in
 * with an OTP, applying for e-passes and tracking them, SDMs approving and rejecting, a checkpoint
 * looking passes up (tests/soak/scenarios.ts). It reports per action the count, throughput and
 * p50/p95/p99 latency, conflicts (409: two sessions on one item — expected), throttled (429) and errors
 * (anything else: 5xx, network, an unexpected 4xx; target 0), and then proves:
 *
 *   - the audit chain verifies, against its signed checkpoints (npm run audit:verify, the project's own verifier)
 *   - diary, file, issue and application reference numbers are gap-free (tests/soak/proofs.ts)
 *   - every write the API acknowledged is in the database
 *   - RSS of each server process and PostgreSQL connections, sampled every SOAK_SAMPLE_SECONDS, did not
 *     grow without bound (after warm-up the last third's average ≤ 1.5 × the first third's)
 *
 * SOAK_CLUSTER=1 starts the one-machine cluster (npm run cluster: nginx, two API nodes, two workers, Debian's
 * PostgreSQL, the S3 server) and drives it through nginx. Without SOAK_URL it boots a system the way `npm start` does (its own process, NODE_ENV=production,
 * embedded PostgreSQL and S3 in a temporary DATA_DIR, demo district) and stops it at the end. With
 * SOAK_URL (e.g. a load balancer in front of several nodes) it drives that system; then SOAK_DATABASE_URL
 * (the schema owner's URL; a role with pg_read_all_stats to count every node's connections) is needed for the OTPs and the proofs, SOAK_PIDS (comma-separated) names the
 * local server processes whose RSS to sample, SOAK_METRICS_URLS (comma-separated, with METRICS_TOKEN) nodes'
 * /metrics endpoints to sample process_resident_memory_bytes from, and audit:verify runs with this
 * process's environment (set DATABASE_URL, S3_* etc. as for the deployment).
 *
 * Environment: SOAK_USERS (200), SOAK_SECONDS (600), SOAK_THINK_MS (3000: mean think time between a
 * user's steps), SOAK_SCAN_SHARE (0.1: share of dak steps uploading a scan), SOAK_SAMPLE_SECONDS (5),
 * DEMO_PASSWORD, DB_POOL_MAX (the booted server's, 10). Exit code 1 when there were errors or a proof failed.
 *
 *   SOAK_USERS=50 SOAK_SECONDS=120 npm run soak
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ROOT_DIR } from '../../backend/src/config/env.js';
import { bootBenchServer, envNum, fmtMs, log, table } from '../bench/kit.js';
import { runCommand, type NodeProcess } from '../support/process.js';
import { acknowledgedPresent, boundedGrowth, gapFree, startSampler, type Proof } from './proofs.js';
import { lookUpWorld, makeUsers, signInGate, type World } from './scenarios.js';
import { SoakStats } from './stats.js';

export interface SoakOptions {
  url: string;
  /** The schema owner's connection: OTPs from the outbox, the proofs, connection counts. */
  dbUrl: string;
  users: number;
  seconds: number;
  thinkMs?: number;
  scanShare?: number;
  sampleSeconds?: number;
  password?: string;
  /** Server processes whose RSS is sampled. */
  pids?: Array<{ name: string; pid: number }>;
  /** Nodes' Prometheus endpoints whose process_resident_memory_bytes is sampled (with METRICS_TOKEN). */
  metrics?: { urls: string[]; token: string } | null;
  /** Runs the project's audit verifier: exit status and output. Called after the load (and after `beforeAudit`). */
  auditVerify: () => Promise<{ status: number | null; output: string }>;
  /** E.g. stop the server, so that its shutdown checkpoint is written before the verifier runs. */
  beforeAudit?: () => Promise<void>;
  /**
   * How much a process's RSS may grow from the first to the last third after warm-up (default 1.5). A run of
   * under a minute is mostly warm-up (JIT, caches, pools), so its bound is looser; it still catches a gross leak.
   */
  rssGrowthFactor?: number;
  quiet?: boolean;
}

export interface SoakReport {
  stats: SoakStats;
  proofs: Proof[];
  errors: number;
  ok: boolean;
  seconds: number;
}

/** Drives the load, then proves; prints the tables unless quiet. */
export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const say = o.quiet ? () => undefined : log;
  const db = new pg.Pool({ connectionString: o.dbUrl, max: 4, application_name: 'soak' });
  const stats = new SoakStats();
  try {
    const { posts, areas } = await lookUpWorld(db);
    const thinkMs = o.thinkMs ?? 3000;
    const world: World = {
      base: new URL(o.url),
      db,
      password: o.password ?? 'patravali-demo',
      stats,
      posts,
      areas,
      approvedRefs: new Set(),
      passTokens: [],
      scanShare: o.scanShare ?? 0.1,
      thinkMs,
      deadline: Date.now() + o.seconds * 1000,
      // a fresh block of mobile numbers per run, so that re-runs against one database do not hit the OTP limit per number
      signIn: signInGate(4),
      nextMobile: 6_000_000_000 + (Math.floor(Date.now() / 1000) % 1_000_000) * 1000,
    };
    const users = makeUsers(world, o.users);
    const byRole = new Map<string, number>();
    for (const u of users) byRole.set(u.role, (byRole.get(u.role) ?? 0) + 1);
    say(`${users.length} users for ${o.seconds} s (think time ~${thinkMs} ms): ${[...byRole].map(([r, n]) => `${r} ${n}`).join(', ')}`);
    const sampler = startSampler(db, o.pids ?? [], (o.sampleSeconds ?? 5) * 1000, o.metrics ?? null);
    const t0 = Date.now();
    const progress = o.quiet
      ? null
      : setInterval(() => {
          let n = 0;
          for (const a of stats.actions.values()) n += a.lat.length;
          say(`  ${((Date.now() - t0) / 1000).toFixed(0)} s: ${n} requests, ${stats.errors} errors`);
        }, 30_000);
    await Promise.all(users.map((u) => u.run()));
    if (progress) clearInterval(progress);
    const elapsed = (Date.now() - t0) / 1000;
    sampler.stop();
    for (const u of users) u.close();

    // --- the figures
    const rows = stats.rows(o.seconds);
    say('');
    const total = rows.reduce((s, r) => s + r.count, 0);
    table([
      ['action', 'count', '/s', 'p50 ms', 'p95 ms', 'p99 ms', 'conflict', 'throttled', 'errors'],
      ...rows.map((r) => [
        r.action,
        r.count,
        r.perSec.toFixed(2),
        fmtMs(r.p50),
        fmtMs(r.p95),
        fmtMs(r.p99),
        r.conflict,
        r.throttled,
        r.error,
      ]),
      [
        'all',
        total,
        (total / o.seconds).toFixed(1),
        '',
        '',
        '',
        rows.reduce((n, r) => n + r.conflict, 0),
        rows.reduce((n, r) => n + r.throttled, 0),
        stats.errors,
      ],
    ]);
    if (stats.errors) {
      say('');
      say(`errors by action and status: ${[...stats.errorKinds].map(([k, n]) => `${k} × ${n}`).join('; ')}`);
      for (const s of stats.samples.slice(0, 10)) say(`  ${s.action} ${s.status}: ${s.detail}`);
    }

    // --- the proofs
    const proofs: Proof[] = [];
    proofs.push(...(await gapFree(db)));
    proofs.push(await acknowledgedPresent(db, stats.acks));
    for (const s of sampler.series) proofs.push(boundedGrowth(s, s.unit === 'MB' ? (o.rssGrowthFactor ?? 1.5) : 1.5));
    await db.end();
    if (o.beforeAudit) await o.beforeAudit();
    const audit = await o.auditVerify();
    const lines = audit.output.trim().split('\n').filter(Boolean);
    proofs.unshift({
      name: 'audit chain verifies (npm run audit:verify)',
      ok: audit.status === 0,
      detail: lines.filter((l) => /^Audit|^No audit/.test(l)).join(' ') || lines.slice(-3).join(' '),
    });
    if (audit.status !== 0) say(audit.output);

    say('');
    table([['proof', 'result', 'detail'], ...proofs.map((p) => [p.name, p.ok ? 'ok' : 'FAILED', p.detail])]);
    const ok = stats.errors === 0 && proofs.every((p) => p.ok);
    say('');
    say(
      `${ok ? 'SOAK PASSED' : 'SOAK FAILED'}: ${total} requests in ${elapsed.toFixed(0)} s, ${stats.errors} errors, ${proofs.filter((p) => !p.ok).length} proofs failed`,
    );
    return { stats, proofs, errors: stats.errors, ok, seconds: elapsed };
  } finally {
    await db.end().catch(() => undefined);
  }
}

// ------------------------------------------------------------------------------------------ npm run soak

async function main() {
  const users = Math.floor(envNum('SOAK_USERS', 200));
  const seconds = envNum('SOAK_SECONDS', 600);
  const password = process.env.DEMO_PASSWORD || 'patravali-demo';
  const common = {
    users,
    seconds,
    thinkMs: envNum('SOAK_THINK_MS', 3000),
    scanShare: envNum('SOAK_SCAN_SHARE', 0.1),
    sampleSeconds: envNum('SOAK_SAMPLE_SECONDS', 5),
    password,
  };
  log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; load average ${loadavg()}`,
  );
  if (process.env.SOAK_URL) {
    const dbUrl = process.env.SOAK_DATABASE_URL;
    if (!dbUrl) throw new Error('SOAK_URL needs SOAK_DATABASE_URL (the schema owner’s connection) for the OTPs and the proofs');
    const pids = (process.env.SOAK_PIDS ?? '')
      .split(',')
      .filter(Boolean)
      .map((p) => ({ name: 'server', pid: Number(p) }));
    const metricsUrls = (process.env.SOAK_METRICS_URLS ?? '').split(',').filter(Boolean);
    if (metricsUrls.length && !process.env.METRICS_TOKEN) throw new Error('SOAK_METRICS_URLS needs METRICS_TOKEN');
    const report = await runSoak({
      ...common,
      url: process.env.SOAK_URL,
      dbUrl,
      pids,
      metrics: metricsUrls.length ? { urls: metricsUrls, token: process.env.METRICS_TOKEN! } : null,
      auditVerify: async () => {
        const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
        const r = await runCommand(['--import', 'tsx', 'backend/src/cli/audit-verify.ts'], env, 300_000);
        return { status: r.status, output: r.stdout + r.stderr };
      },
    });
    log(`load average after: ${loadavg()}`);
    process.exit(report.ok ? 0 : 1);
  }

  if (process.env.SOAK_CLUSTER === '1' || process.env.SOAK_CLUSTER === 'true') {
    // --- through a cluster (scripts/cluster): nginx in front of two API nodes, two workers, Debian's PostgreSQL, the S3 server
    const { startCluster } = await import('../../scripts/cluster/cluster.js');
    // every simulated citizen comes through nginx, so from one address as the nodes see it; a signed checkpoint every minute
    const cluster = await startCluster({
      say: (l) => log(`  ${l}`),
      env: { OTP_PER_IP: '100000', AUDIT_CHECKPOINT_MINUTES: '1', LOG_LEVEL: 'warn' },
    });
    process.once('SIGINT', () => void cluster.stop().finally(() => process.exit(130)));
    let ok = false;
    try {
      const nodes = [...cluster.apis, ...cluster.workers];
      const report = await runSoak({
        ...common,
        url: cluster.url,
        // as the superuser: it sees every node's sessions in pg_stat_activity (the owner sees only its own)
        dbUrl: cluster.postgres.superuserUrl.replace(/\/postgres$/, '/patravali'),
        pids: [...nodes, cluster.postgres].map((s) => ({ name: s.name, pid: s.child?.pid ?? 0 })).filter((p) => p.pid > 0),
        metrics: {
          urls: [...cluster.apis.map((a) => `${a.url}/metrics`), ...cluster.workers.map((w) => w.metricsUrl)],
          token: cluster.metricsToken,
        },
        // the nodes stopped first: their shutdown writes the last signed checkpoint
        beforeAudit: async () => {
          for (const n of nodes) await n.stop().catch(() => undefined);
        },
        auditVerify: async () => {
          const r = await runCommand(
            ['--import', 'tsx', 'backend/src/cli/audit-verify.ts'],
            {
              DATA_DIR: path.join(cluster.dir, 'data'),
              DATABASE_URL: cluster.postgres.appUrl,
              DATABASE_OWNER_URL: cluster.postgres.ownerUrl,
              S3_ENDPOINT: cluster.s3.endpoint,
              S3_ACCESS_KEY: cluster.s3.accessKey,
              S3_SECRET_KEY: cluster.s3.secretKey,
              S3_BUCKET: cluster.s3.bucket,
              LOG_LEVEL: 'warn',
            },
            300_000,
          );
          return { status: r.status, output: r.stdout + r.stderr };
        },
      });
      ok = report.ok;
      log(`load average after: ${loadavg()}`);
    } finally {
      if (!ok)
        for (const n of [...cluster.apis, ...cluster.workers]) {
          const lines = n
            .tail()
            .split('\n')
            .filter((l) => /"level":(50|60)/.test(l));
          log(`${n.name}: server errors logged (last 64 KiB of its log): ${lines.length}`);
          for (const l of lines.slice(0, 5)) log(l.slice(0, 2000));
        }
      await cluster.stop();
    }
    process.exit(ok ? 0 : 1);
  }

  // --- boot one, as npm start does
  // under the project (the embedded PostgreSQL runs as its own user, which must be able to enter the folder)
  const tmpBase = path.join(ROOT_DIR, 'tests', '.tmp');
  await mkdir(tmpBase, { recursive: true });
  await chmod(tmpBase, 0o755);
  const dataDir = await mkdtemp(path.join(tmpBase, 'soak-'));
  await chmod(dataDir, 0o755);
  const poolMax = String(Math.floor(envNum('DB_POOL_MAX', 10)));
  // its /metrics too: process_resident_memory_bytes as Prometheus sees it, beside /proc
  const metricsToken = randomBytes(18).toString('base64url');
  let server: NodeProcess | null = null;
  const stop = async () => {
    if (server) await server.stop('SIGINT').catch(() => undefined);
    server = null;
  };
  process.once('SIGINT', () => void stop().then(() => rm(dataDir, { recursive: true, force: true }).finally(() => process.exit(130))));
  let ok = false;
  let booted: Awaited<ReturnType<typeof bootBenchServer>> | null = null;
  try {
    booted = await bootBenchServer(dataDir, {
      DEMO_PASSWORD: password,
      DB_POOL_MAX: poolMax,
      // every simulated citizen asks for an OTP from this one address; a signed checkpoint every minute
      OTP_PER_IP: '100000',
      AUDIT_CHECKPOINT_MINUTES: '1',
      METRICS_TOKEN: metricsToken,
    });
    server = booted.server;
    const { baseUrl: url, dbUrl, pgPort, s3Port } = booted;
    log(`system up in ${booted.seconds.toFixed(1)} s: ${url} (NODE_ENV=production, ROLE=both, DB_POOL_MAX=${poolMax}), data ${dataDir}`);
    const pids = [{ name: 'node (api+worker)', pid: booted.server.child.pid! }, ...postgresPids(booted.server.child.pid!)];
    const report = await runSoak({
      ...common,
      url,
      dbUrl,
      pids,
      metrics: { urls: [`${url}/metrics`], token: metricsToken },
      // stopped first: its shutdown writes the last signed checkpoint; the verifier starts the embedded PostgreSQL itself
      beforeAudit: stop,
      auditVerify: async () => {
        const r = await runCommand(
          ['--import', 'tsx', 'backend/src/cli/audit-verify.ts'],
          { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_S3_PORT: String(s3Port), LOG_LEVEL: 'warn' },
          300_000,
        );
        return { status: r.status, output: r.stdout + r.stderr };
      },
    });
    ok = report.ok;
    log(`load average after: ${loadavg()}`);
  } finally {
    if (!ok && booted) {
      // the server's errors (its log is JSON lines at LOG_LEVEL=warn)
      const lines = booted.server
        .output()
        .split('\n')
        .filter((l) => /"level":(50|60)/.test(l));
      log(`server errors logged: ${lines.length}`);
      for (const l of lines.slice(0, 10)) log(l.slice(0, 2000));
    }
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
}

const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The embedded PostgreSQL's postmaster, a child of the server (its backends come and go with connections). */
function postgresPids(root: number): Array<{ name: string; pid: number }> {
  const out: Array<{ name: string; pid: number }> = [];
  try {
    const children = readFileSync(`/proc/${root}/task/${root}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const c of children) {
      const comm = readFileSync(`/proc/${c}/comm`, 'utf8').trim();
      if (comm.startsWith('postgres')) out.push({ name: 'postgres (postmaster)', pid: Number(c) });
    }
  } catch {
    /* not Linux */
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
