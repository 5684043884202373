/**
 * RTS dashboard benchmark (npm run bench:rts). Boots Patravali the way `npm start` does (its own process,
 * embedded PostgreSQL in DATA_DIR, migrations, demo district), seeds a state of Uttarakhand's size with
 * tests/bench/rts-seed.ts (13 districts, BENCH_SERVICES services, BENCH_POSTS posts, BENCH_APPLICATIONS
 * applications over BENCH_YEARS years with realistic delays, appeals on a share of the late ones), rebuilds
 * the RTS tallies (the migration's backfill, timed), then measures, each next to a floor of the same SQL
 * sent straight through `pg` (the statements the use case issues, captured from the real use case run in
 * this process, replayed with the same concurrency over a pool):
 *
 *   1. state dashboard     GET /api/rts/dashboard as the Commission (every office, the last 12 months)
 *   2. district dashboard  the same as the DM of the largest district
 *   3. drill-down          GET /api/rts/dashboard/applications (first page of 25): the state's received, its late
 *                          disposals, pending beyond the timeline; one service's disposals; a busy office's
 *                          pending; one designated officer's received
 *   4. the daily auto-appeal run: a `rts.appeals` job through the system's own worker over every pending
 *      application, next to the same filing written set-based (rolled back)
 *   and, for the record, the headline figures computed from the applications at query time (no tallies), and
 *   what the triggers cost a decision.
 *
 * Environment: BENCH_APPLICATIONS (6200000), BENCH_SERVICES (866), BENCH_POSTS (23000), BENCH_YEARS (4),
 * BENCH_SEED (0.17: setseed's argument — tune on one, report on another), BENCH_DIR (keep and reuse a seeded
 * data dir; default a temporary one), BENCH_N (60 requests per figure), DEMO_PASSWORD, DB_POOL_MAX.
 * Exits 0 after measuring: a missed target is a finding, printed as MISSED.
 *
 *   BENCH_APPLICATIONS=200000 BENCH_DIR=/work/bench-rts-small npm run bench:rts
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../backend/src/db/orm.js';
import { istDate } from '../../backend/src/shared/dates.js';
import { resolveSession } from '../../backend/src/modules/auth/sessions.js';
import { rtsDashboard } from '../../backend/src/modules/rts/dashboard/rts-dashboard.js';
import { listRtsApplications } from '../../backend/src/modules/rts/dashboard/list-rts-applications.js';
import { dashboardQuery, drillQuery } from '../../backend/src/modules/rts/dashboard/rts-dashboard.schemas.js';
import type { Deps, Scope } from '../../backend/src/shared/scope.js';
import type { NodeProcess } from '../support/process.js';
import { repairIndexes, seedRts } from './rts-seed.js';
import {
  BenchClient as Client,
  envNum,
  fmtMs,
  benchWorkspace,
  bootBenchServer,
  installCapture,
  isRead,
  log,
  oneLine,
  pct,
  sql as sqlCapture,
  table,
} from './kit.js';

const CFG = {
  applications: Math.floor(envNum('BENCH_APPLICATIONS', 6_200_000)),
  services: Math.floor(envNum('BENCH_SERVICES', 866)),
  posts: Math.floor(envNum('BENCH_POSTS', 23_000)),
  years: envNum('BENCH_YEARS', 4),
  seed: Number(process.env.BENCH_SEED ?? 0.17),
  n: Math.floor(envNum('BENCH_N', 60)),
  password: process.env.DEMO_PASSWORD || 'patravali-demo',
  poolMax: Math.floor(envNum('DB_POOL_MAX', 10)),
  dir: process.env.BENCH_DIR ? path.resolve(process.env.BENCH_DIR) : null,
};
const TARGETS = { dashboardP95: 300, drillP95: 100 };
if (!(CFG.seed >= -1 && CFG.seed <= 1)) throw new Error('BENCH_SEED must be in [-1, 1]');

const now = () => performance.now();
interface Row {
  figure: string;
  target: string;
  measured: string;
  floor: string;
  ratio: string;
  result: 'PASS' | 'MISSED' | 'info';
}

async function main() {
  const results: Row[] = [];
  const findings: string[] = [];
  log(
    `bench:rts — ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`,
  );
  log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  log(
    `sizes: ${CFG.applications.toLocaleString('en')} applications over ${CFG.years} years, ${CFG.services} services, ${CFG.posts.toLocaleString('en')} posts, 13 districts; seed ${CFG.seed}`,
  );

  const { benchDir, dataDir, marker, indexFile, closers, cleanup } = await benchWorkspace('rts', CFG.dir);
  let server: NodeProcess | null = null;

  try {
    let t = now();
    const booted = await bootBenchServer(
      dataDir,
      {
        DEMO_PASSWORD: CFG.password,
        DB_POOL_MAX: String(CFG.poolMax),
        OCR_WORKERS: '0',
        // the working-day calendars of the state's 733 offices are made at start: more than the default bound on a busy 2-core machine
        DB_TIMEOUT_SECONDS: '120',
      },
      600_000,
    );
    server = booted.server;
    closers.push(() => booted.server.stop('SIGINT'));
    const { baseUrl, dbUrl } = booted;
    log(`system up in ${booted.seconds.toFixed(1)} s: ${baseUrl} (NODE_ENV=production), data ${dataDir}`);

    const admin = new pg.Client({ connectionString: dbUrl, application_name: 'bench-admin' });
    admin.on('error', (err) => log(`admin connection: ${err.message}`));
    await admin.connect();
    closers.push(() => admin.end());
    await repairIndexes(admin, indexFile, log);

    const prior = existsSync(marker) ? (JSON.parse(await readFile(marker, 'utf8')) as Record<string, any>) : null;
    const sizes = { applications: CFG.applications, services: CFG.services, posts: CFG.posts, years: CFG.years, seed: CFG.seed };
    const same = prior && Object.entries(sizes).every(([k, v]) => prior[k] === v);
    if (prior && !same) throw new Error(`${benchDir} holds a seed of other sizes (${JSON.stringify(prior)}); use another BENCH_DIR`);
    let state: Record<string, any> = prior ?? {};
    if (!same) {
      log('\nseed (set-based, inside PostgreSQL, tests/bench/rts-seed.ts):');
      t = now();
      const seedClient = new pg.Client({ connectionString: dbUrl, application_name: 'bench-seed' });
      seedClient.on('error', (err) => log(`seed connection: ${err.message}`));
      await seedClient.connect();
      const counts = await seedRts(seedClient, { ...sizes, indexFile, passwordFrom: 'dm', log });
      await seedClient.end();
      const seconds = Math.round((now() - t) / 100) / 10;
      state = { ...sizes, counts, seconds, at: new Date().toISOString() };
      await writeFile(marker, JSON.stringify(state));
    } else log(`\nseed: reusing the data seeded ${prior!.at}`);
    log(
      `data: ${Object.entries(state.counts as Record<string, number>)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(', ')} (seeded in ${state.seconds} s)`,
    );

    installCapture();
    const ormRef: MikroORM = await openOrm(dbUrl, 4);
    closers.push(() => ormRef.close());
    const scopeOf = async (client: Client): Promise<Scope> => {
      const em = ormRef.em.fork();
      const resolved = await resolveSession(em, client.sessionToken, { ip: '127.0.0.1', fallbackLocale: 'en', ttlHours: 12 });
      return { actor: resolved!.actor, em, deps: {} as Deps };
    };
    const commission = new Client(new URL(baseUrl), 'rts.commission');
    await commission.login(CFG.password);
    closers.push(() => commission.close());
    // the DM of the district with the most applications
    const {
      rows: [big],
    } = await admin.query(
      `select o.code, count(*)::int as n from application a join office x on x.id = a.office_id join office o on o.code = split_part(x.code, '-', 1) where o.kind = 'district' group by 1 order by 2 desc limit 1`,
    );
    const dm = new Client(new URL(baseUrl), `${big.code.toLowerCase()}-dm-dm`);
    await dm.login(CFG.password);
    closers.push(() => dm.close());
    const floorPool = new pg.Pool({ connectionString: dbUrl, max: 4, application_name: 'bench-floor' });
    closers.push(() => floorPool.end());

    /** Captures the statements of the use case, then measures the API and the floor interleaved. */
    const measure = async (label: string, client: Client, url: string, useCase: () => Promise<unknown>, target: number) => {
      await useCase(); // the org snapshot and the services are cached a few seconds, as in the server: not part of the floor
      sqlCapture.start();
      await useCase();
      const stmts = sqlCapture.stop().filter(isRead);
      const api: number[] = [];
      const floor: number[] = [];
      let bytes = 0;
      for (let i = 0; i < CFG.n + 5; i++) {
        const r = await client.request('GET', url);
        if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        bytes = JSON.stringify(r.body).length;
        const f0 = now();
        await Promise.all(stmts.map((s) => floorPool.query({ text: s.text, values: s.values })));
        const f1 = now();
        if (i < 5) continue;
        api.push(r.ms);
        floor.push(f1 - f0);
      }
      const [ap95, fp95] = [pct(api, 95), pct(floor, 95)];
      log(
        `  ${label}: API p50 ${fmtMs(pct(api, 50))} p95 ${fmtMs(ap95)} p99 ${fmtMs(pct(api, 99))} ms (${(bytes / 1024).toFixed(0)} KiB); floor (${stmts.length} statements) p50 ${fmtMs(pct(floor, 50))} p95 ${fmtMs(fp95)} ms`,
      );
      results.push({
        figure: label,
        target: `< ${target} ms`,
        measured: `${fmtMs(ap95)} ms (p50 ${fmtMs(pct(api, 50))})`,
        floor: `${fmtMs(fp95)} ms`,
        ratio: `${(ap95 / fp95).toFixed(2)}x`,
        result: ap95 < target ? 'PASS' : 'MISSED',
      });
      return stmts;
    };
    const eachStatement = async (stmts: Array<{ text: string; values: unknown[] }>) => {
      for (const st of stmts) {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t0 = now();
          await admin.query({ text: st.text, values: st.values });
          times.push(now() - t0);
        }
        log(`    ${fmtMs(pct(times, 50))} ms  ${oneLine(st.text, 120)}`);
      }
    };

    const cs = await scopeOf(commission);
    log(
      `\n[1] state dashboard: GET /api/rts/dashboard as the Commission (every office, last 12 months), ${CFG.n} requests; floor interleaved`,
    );
    const stateStmts = await measure(
      'state dashboard p95 (Commission, 12 months)',
      commission,
      '/api/rts/dashboard',
      () => rtsDashboard(cs, dashboardQuery.parse({})),
      TARGETS.dashboardP95,
    );
    log('  statements of one request (after the session check), each alone, median of 5:');
    await eachStatement(stateStmts);
    const d = (await commission.request('GET', '/api/rts/dashboard')).body;
    log(
      `  state, ${d.period.from}…${d.period.to}: received ${d.totals.received}, disposed ${d.totals.disposed}, processing rate ${d.totals.processingRate}%, on time ${d.totals.onTimePct}%, median ${d.totals.medianDays} d, average ${d.totals.averageDays} d, pending ${d.totals.pending} (beyond ${d.totals.beyond}, pendency ${d.totals.pendencyPct}%); rows: ${d.services.length} services, ${d.offices.length} offices, ${d.officers.length} officers`,
    );

    const ds = await scopeOf(dm);
    log(`\n[2] district dashboard: the DM of ${big.code} (${big.n.toLocaleString('en')} applications)`);
    await measure(
      `district dashboard p95 (DM ${big.code}, 12 months)`,
      dm,
      '/api/rts/dashboard',
      () => rtsDashboard(ds, dashboardQuery.parse({})),
      TARGETS.dashboardP95,
    );

    // what the figures would cost from the applications at query time (no tallies): the headline only, state-wide
    {
      const [from, to] = [`${d.period.from}-01`, `${d.period.to}-01`];
      const headline = `select
          (select count(*) from application where created_at >= ($1::date)::timestamp at time zone 'Asia/Kolkata' and created_at < ($2::date + interval '1 month')::timestamp at time zone 'Asia/Kolkata') as received,
          count(*) as disposed, count(*) filter (where on_time) as on_time,
          percentile_cont(0.5) within group (order by (closed_at at time zone 'Asia/Kolkata')::date - (created_at at time zone 'Asia/Kolkata')::date) as median,
          avg((closed_at at time zone 'Asia/Kolkata')::date - (created_at at time zone 'Asia/Kolkata')::date) as average
        from application where status = 'closed' and closed_at >= ($1::date)::timestamp at time zone 'Asia/Kolkata' and closed_at < ($2::date + interval '1 month')::timestamp at time zone 'Asia/Kolkata'`;
      const times: number[] = [];
      let row: any;
      for (let i = 0; i < 3; i++) {
        const t0 = now();
        row = (await admin.query(headline, [from, to])).rows[0];
        times.push(now() - t0);
      }
      const agree =
        Number(row.received) === d.totals.received &&
        Number(row.disposed) === d.totals.disposed &&
        Number(row.median) === d.totals.medianDays;
      results.push({
        figure: '  headline only, from the applications at query time (no tallies)',
        target: '-',
        measured: `${fmtMs(pct(times, 50))} ms (median of 3)`,
        floor: '-',
        ratio: '-',
        result: 'info',
      });
      log(
        `  for the record: the state headline straight from the applications: ${fmtMs(pct(times, 50))} ms; agrees with the tallies: ${agree ? 'yes' : `NO (${JSON.stringify(row)})`}`,
      );
      if (!agree) findings.push(`the tallies disagree with the applications: ${JSON.stringify(row)} vs ${JSON.stringify(d.totals)}`);
    }

    log(`\n[3] drill-down: GET /api/rts/dashboard/applications (first page of 25), ${CFG.n} requests each`);
    const busyService = d.services[0];
    const tail = d.services[Math.floor(d.services.length / 2)];
    const busyOffice = [...d.offices].sort((a: any, b: any) => b.pending - a.pending)[0];
    const busyOfficer = [...d.officers].sort((a: any, b: any) => b.received - a.received)[0];
    const lists: Array<[string, Record<string, string>]> = [
      ['drill-down p95: state, received (newest first)', { kind: 'received' }],
      ['drill-down p95: state, disposed late', { kind: 'late' }],
      ['drill-down p95: state, pending beyond the timeline', { kind: 'beyond' }],
      [
        `drill-down p95: busiest service ${busyService.service.code}, disposed`,
        { kind: 'disposed', serviceCode: busyService.service.code },
      ],
      [
        `drill-down p95: a middling service ${tail.service.code} (${tail.received} received), late`,
        { kind: 'late', serviceCode: tail.service.code },
      ],
      [`drill-down p95: office ${busyOffice.office.code}, pending`, { kind: 'pending', atOfficeId: busyOffice.office.id }],
      [`drill-down p95: officer ${busyOfficer.post.code}, received`, { kind: 'received', postId: busyOfficer.post.id }],
    ];
    for (const [label, query] of lists) {
      const url = `/api/rts/dashboard/applications?${new URLSearchParams(query).toString()}`;
      const stmts = await measure(label, commission, url, () => listRtsApplications(cs, drillQuery.parse(query)), TARGETS.drillP95);
      if (process.env.BENCH_VERBOSE === '1') await eachStatement(stmts);
    }

    // [4] the daily Right to Service run, as the system runs it: a `rts.appeals` job taken by the system's own worker
    {
      const asOf = new Date();
      const today = istDate(asOf);
      log(`\n[4] the daily auto-appeal run (job rts.appeals, asOf ${asOf.toISOString()}) through the system's worker`);
      const work = async () =>
        (
          await admin.query(
            `select (select count(*) from application where status <> 'closed')::int as pending,
                    (select count(*) from application a where a.status <> 'closed' and a.rts_due_date < $1::date
                        and not exists (select 1 from rts_appeal r where r.application_id = a.id and r.grounds = 'delay'))::int as to_file,
                    (select count(*) from rts_appeal where status = 'pending' and due_date < $1::date and level < 3)::int as to_escalate`,
            [today],
          )
        ).rows[0] as { pending: number; to_file: number; to_escalate: number };
      const before = await work();
      log(
        `  pending ${before.pending.toLocaleString('en')}; past the timeline without an appeal ${before.to_file.toLocaleString('en')}; appeals past their level's deadline ${before.to_escalate.toLocaleString('en')}`,
      );
      // the floor: the same rows written set-based in one statement each (the run's own selection, appeals with their
      // first step and the authority's access; the holder taken as the designated post, no per-row routing), rolled back
      const floor = await (async () => {
        const c2 = new pg.Client({ connectionString: dbUrl, application_name: 'bench-floor' });
        await c2.connect();
        try {
          await c2.query('begin');
          const t0 = now();
          await c2.query(
            `create temp table floor_due on commit drop as
               select a.id, a.reference_number, a.origin_post_id, a.office_id, a.rts_due_date from application a
                where a.status <> 'closed' and a.rts_due_date < $1::date
                  and not exists (select 1 from rts_appeal r where r.application_id = a.id and r.grounds = 'delay')`,
            [today],
          );
          await c2.query(
            `insert into rts_appeal (id, application_id, number, grounds, by_applicant, level, status, holder_post_id, office_id, designated_post_id,
                                     missed_on, filed_at, level_since, due_date, grievance, version)
             select gen_random_uuid(), id, 'APL/FLOOR/' || reference_number, 'delay', false, 1, 'pending', origin_post_id, office_id, origin_post_id,
                    rts_due_date, $1, $1, $2::date + 42, null, 1 from floor_due`,
            [asOf, today],
          );
          await c2.query(
            `insert into rts_appeal_step (id, appeal_id, seq, kind, level, holder_post_id, by_post_id, by_user_id, by_applicant, remarks, at)
             select gen_random_uuid(), r.id, 1, 'filed', 1, r.holder_post_id, null, null, false, null, $1 from rts_appeal r where r.number like 'APL/FLOOR/%'`,
            [asOf],
          );
          await c2.query(
            `insert into item_access (item_type, item_id, post_id, read_only, granted_at)
             select 'appln', application_id, holder_post_id, true, $1 from rts_appeal where number like 'APL/FLOOR/%' on conflict do nothing`,
            [asOf],
          );
          const ms = now() - t0;
          await c2.query('rollback');
          return ms;
        } finally {
          await c2.end();
        }
      })();
      const boss = new PgBoss({ connectionString: dbUrl, schema: 'pgboss', max: 1, supervise: false, schedule: false, migrate: false });
      boss.on('error', (err) => log(`pg-boss: ${err.message}`));
      await boss.start();
      const sent = now();
      const id = await boss.send('rts.appeals', { asOf: asOf.toISOString() });
      let job: Awaited<ReturnType<typeof boss.getJobById>> = null;
      for (;;) {
        job = await boss.getJobById('rts.appeals', id!);
        if (job && ['completed', 'failed', 'cancelled'].includes(job.state)) break;
        if (now() - sent > 60 * 60_000) throw new Error('the auto-appeal run did not finish within an hour');
        await new Promise((r) => setTimeout(r, 250));
      }
      const wall = now() - sent;
      await boss.stop({ graceful: false, wait: true });
      if (job!.state !== 'completed') throw new Error(`the auto-appeal run ${job!.state}: ${JSON.stringify(job!.output)}`);
      const ran = job!.completedOn!.getTime() - job!.startedOn!.getTime();
      const {
        rows: [did],
      } = await admin.query(
        `select (select count(*) from rts_appeal where filed_at = $1)::int as filed,
                (select count(*) from rts_appeal_step where at = $1 and kind = 'escalated')::int as escalated`,
        [asOf],
      );
      const after = await work();
      const runs = [...((state.appealRuns as unknown[]) ?? []), { at: asOf.toISOString(), ...before, ...did, ms: Math.round(ran) }];
      state = { ...state, appealRuns: runs };
      await writeFile(marker, JSON.stringify(state));
      log(
        `  run: ${(ran / 1000).toFixed(1)} s in the worker (${(wall / 1000).toFixed(1)} s from sending the job); filed ${did.filed.toLocaleString('en')}, escalated ${did.escalated.toLocaleString('en')}` +
          `; left past the timeline without an appeal: ${after.to_file.toLocaleString('en')} (no appellate authority), appeals past their deadline: ${after.to_escalate.toLocaleString('en')} (at the Commission's level or none above)` +
          `; floor (filing set-based, rolled back) ${(floor / 1000).toFixed(2)} s`,
      );
      if (runs.length > 1)
        log(`  this data was run before (each run files what the days since have made overdue): ${JSON.stringify(runs.slice(0, -1))}`);
      results.push({
        figure: `daily auto-appeal run over ${before.pending.toLocaleString('en')} pending (filed ${did.filed.toLocaleString('en')}, escalated ${did.escalated.toLocaleString('en')})`,
        target: '< 60 s',
        measured: `${(ran / 1000).toFixed(1)} s`,
        floor: `${(floor / 1000).toFixed(2)} s`,
        ratio: `${(ran / Math.max(floor, 1)).toFixed(1)}x`,
        result: ran < 60_000 ? 'PASS' : 'MISSED',
      });
    }

    // what the triggers cost a decision: closing 200 pending applications, with and without them (rolled back)
    {
      const timeClose = async (triggers: boolean) => {
        const c2 = new pg.Client({ connectionString: dbUrl });
        await c2.connect();
        try {
          await c2.query('begin');
          if (!triggers) await c2.query('set local session_replication_role = replica');
          const { rows } = await c2.query(`select id from application where status = 'open' limit 200`);
          const t0 = now();
          for (const r of rows)
            await c2.query(
              `update application set status = 'closed', stage = 'approved', closed_at = now(), on_time = rts_due_date >= current_date where id = $1`,
              [r.id],
            );
          const ms = (now() - t0) / rows.length;
          await c2.query('rollback');
          return ms;
        } finally {
          await c2.end();
        }
      };
      const [without, withT] = [await timeClose(false), await timeClose(true)];
      results.push({
        figure: '  one decision (UPDATE of the application), without / with the tally triggers',
        target: '-',
        measured: `${fmtMs(without)} / ${fmtMs(withT)} ms`,
        floor: '-',
        ratio: '-',
        result: 'info',
      });
    }
    const {
      rows: [tally],
    } = await admin.query(
      `select (select count(*) from rts_tally)::int as tally, (select count(*) from rts_days)::int as days, pg_size_pretty(pg_total_relation_size('rts_tally') + pg_total_relation_size('rts_days')) as size, pg_size_pretty(pg_total_relation_size('application')) as app_size`,
    );

    log('\n================================================================ results');
    log(
      `${Object.entries(state.counts as Record<string, number>)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(
          ', ',
        )}; tallies ${tally.tally.toLocaleString('en')} + histogram ${tally.days.toLocaleString('en')} rows (${tally.size}; applications ${tally.app_size}); load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    table([
      ['figure', 'target', 'measured', 'floor (raw SQL)', 'ratio', 'result'],
      ...results.map((r) => [r.figure, r.target, r.measured, r.floor, r.ratio, r.result]),
    ]);
    for (const f of findings) log(`\n${f}`);
  } catch (err) {
    log(`\nfailed; the server's last output:\n${server?.output().slice(-4000) ?? '(none)'}`);
    throw err;
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
