/**
 * Pendency benchmark (npm run bench:pendency). Boots Patravali the way `npm start` does (its own
 * process, embedded PostgreSQL in DATA_DIR, migrations, demo district), seeds the eFile benchmark's
 * data set with tests/bench/inbox-seed.ts (BENCH_ITEMS receipts and files, BENCH_MOVEMENTS movements,
 * BENCH_LIVE of them pending), rebuilds what pendency keeps (the bulk load bypasses the triggers),
 * then measures, each next to a floor of the same SQL sent straight through `pg`:
 *
 *   1. district dashboard   GET /api/pendency/summary as the SP (every office of the district, 12 weeks of trend);
 *                           floor: the statements the use case issues (captured from the real use case run in
 *                           this process), replayed with the same concurrency over a pool; also, for the
 *                           record, the same per-post numbers computed from the items at query time
 *                           (the `pendency_source` view: what the dashboard would cost without the kept rows)
 *   2. drill-down list      GET /api/pendency/items — the busiest station's overdue items, the busiest post's
 *                           items over 30 days with it, and the whole district's overdue list — first page of 25
 *
 * Environment: BENCH_ITEMS (1000000), BENCH_MOVEMENTS (5000000), BENCH_LIVE (0.2), BENCH_SKEW (1),
 * BENCH_RECEIPT_SHARE (0.6), BENCH_DIR (keep and reuse a seeded data dir; default a temporary one),
 * BENCH_N (100 requests per figure), DEMO_PASSWORD, DB_POOL_MAX. Exits 0 after measuring: a missed
 * target is a finding, printed as MISSED.
 *
 *   BENCH_ITEMS=100000 BENCH_MOVEMENTS=500000 BENCH_DIR=/work/bench-pendency-100k npm run bench:pendency
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../backend/src/db/orm.js';
import { resolveSession } from '../../backend/src/modules/auth/sessions.js';
import { pendencySummary } from '../../backend/src/modules/pendency/pendency-summary.js';
import { listPendingItems } from '../../backend/src/modules/pendency/list-pending-items.js';
import { rebuildPendency } from '../../backend/src/modules/pendency/pendency-maintenance.js';
import { itemsQuery, summaryQuery } from '../../backend/src/modules/pendency/pendency.schemas.js';
import type { Deps, Scope } from '../../backend/src/shared/scope.js';
import { loadPosts, repairIndexes, seedInboxData } from './inbox-seed.js';
import {
  BenchClient as Client,
  envNum,
  fmtMs,
  seedSizes,
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
  ...seedSizes(),
  n: Math.floor(envNum('BENCH_N', 100)),
  password: process.env.DEMO_PASSWORD || 'patravali-demo',
  poolMax: Math.floor(envNum('DB_POOL_MAX', 10)),
  dir: process.env.BENCH_DIR ? path.resolve(process.env.BENCH_DIR) : null,
};
const TARGETS = { dashboardP95: 200, listP95: 100 };

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
    `bench:pendency — ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`,
  );
  log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  log(
    `sizes: ${CFG.items.toLocaleString('en')} items (receipts ${Math.round(CFG.receiptShare * 100)}%), ~${CFG.movements.toLocaleString('en')} movements, ${Math.round(CFG.live * 100)}% pending, Zipf ${CFG.skew} over holder posts`,
  );

  const { benchDir, dataDir, marker, indexFile, closers, cleanup } = await benchWorkspace('pendency', CFG.dir);

  try {
    let t = now();
    const booted = await bootBenchServer(dataDir, { DEMO_PASSWORD: CFG.password, DB_POOL_MAX: String(CFG.poolMax), OCR_WORKERS: '0' });
    closers.push(() => booted.server.stop('SIGINT'));
    const { baseUrl, dbUrl } = booted;
    log(`system up in ${booted.seconds.toFixed(1)} s: ${baseUrl} (NODE_ENV=production), data ${dataDir}`);

    const admin = new pg.Client({ connectionString: dbUrl, application_name: 'bench-admin' });
    await admin.connect();
    closers.push(() => admin.end());
    await repairIndexes(admin, indexFile, log);
    const posts = await loadPosts(admin);

    // --- seed (the eFile benchmark's data set), then what pendency keeps
    const prior = existsSync(marker) ? (JSON.parse(await readFile(marker, 'utf8')) as Record<string, any>) : null;
    const same =
      prior &&
      prior.items === CFG.items &&
      prior.movements === CFG.movements &&
      prior.live === CFG.live &&
      prior.skew === CFG.skew &&
      prior.receiptShare === CFG.receiptShare;
    if (prior && !same) throw new Error(`${benchDir} holds a seed of other sizes (${JSON.stringify(prior)}); use another BENCH_DIR`);
    let state: Record<string, any> = prior ?? {};
    if (!same) {
      log('\nseed (set-based, inside PostgreSQL, tests/bench/inbox-seed.ts):');
      t = now();
      const seedClient = new pg.Client({ connectionString: dbUrl, application_name: 'bench-seed' });
      await seedClient.connect();
      const counts = await seedInboxData(seedClient, posts, {
        items: CFG.items,
        movements: CFG.movements,
        receiptShare: CFG.receiptShare,
        live: CFG.live,
        skew: CFG.skew,
        indexFile,
        log,
      });
      await seedClient.end();
      const seconds = Math.round((now() - t) / 100) / 10;
      log(
        `seeded in ${seconds} s: ${Object.entries(counts)
          .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
          .join(', ')}`,
      );
      state = {
        items: CFG.items,
        movements: CFG.movements,
        live: CFG.live,
        skew: CFG.skew,
        receiptShare: CFG.receiptShare,
        counts,
        seconds,
        at: new Date().toISOString(),
      };
      await writeFile(marker, JSON.stringify(state));
    } else log(`\nseed: reusing the data seeded ${prior!.at} (${JSON.stringify(prior!.counts)})`);

    installCapture();
    const ormRef: MikroORM = await openOrm(dbUrl, 4);
    closers.push(() => ormRef.close());
    if (!state.pendencyRebuiltAt) {
      log('rebuilding pendency rows, history and calendars (the bulk load went around the triggers)…');
      t = now();
      await ormRef.em.fork().transactional((em) => rebuildPendency(em as never));
      await admin.query('vacuum (analyze) pendency_item, pendency_event');
      state.pendencyRebuildSeconds = Math.round((now() - t) / 100) / 10;
      state.pendencyRebuiltAt = new Date().toISOString();
      await writeFile(marker, JSON.stringify(state));
      log(`  rebuilt in ${state.pendencyRebuildSeconds} s`);
    }
    const {
      rows: [sizes],
    } =
      await admin.query(`select (select count(*) from pendency_item)::int as pending, (select count(*) from pendency_item where due_date < current_date)::int as overdue,
        (select count(*) from pendency_event)::int as events, (select count(*) from receipt)::int + (select count(*) from efile)::int as items`);
    log(
      `pendency: ${sizes.pending.toLocaleString('en')} pending of ${sizes.items.toLocaleString('en')} items (${sizes.overdue.toLocaleString('en')} overdue), ${sizes.events.toLocaleString('en')} history events`,
    );

    // the busiest station and post, by pending items
    const {
      rows: [busy],
    } = await admin.query(`select
        (select o.id from pendency_item pi join office o on o.id = pi.office_id where o.kind = 'police_station' group by o.id order by count(*) desc limit 1) as station,
        (select holder_post_id from pendency_item group by 1 order by count(*) desc limit 1) as post`);
    const {
      rows: [names],
    } = await admin.query(
      `select (select code from office where id = $1) as station, (select code from post where id = $2) as post,
        (select count(*) from pendency_item where office_id = $1)::int as station_n, (select count(*) from pendency_item where holder_post_id = $2)::int as post_n`,
      [busy.station, busy.post],
    );

    const sp = new Client(new URL(baseUrl), 'sp');
    await sp.login(CFG.password);
    closers.push(() => sp.close());
    const em = ormRef.em.fork();
    const resolved = await resolveSession(em, sp.sessionToken, { ip: '127.0.0.1', fallbackLocale: 'en', ttlHours: 12 });
    const scope: Scope = { actor: resolved!.actor, em, deps: {} as Deps };
    const floorPool = new pg.Pool({ connectionString: dbUrl, max: 4, application_name: 'bench-floor' });
    closers.push(() => floorPool.end());

    /** Captures the statements of the use case, then measures the API and the floor interleaved. */
    const measure = async (label: string, url: string, useCase: () => Promise<unknown>, target: number) => {
      sqlCapture.start();
      await useCase();
      const stmts = sqlCapture.stop().filter(isRead);
      const api: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < CFG.n + 5; i++) {
        const r = await sp.request('GET', url);
        if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        const f0 = now();
        await Promise.all(stmts.map((s) => floorPool.query({ text: s.text, values: s.values })));
        const f1 = now();
        if (i < 5) continue;
        api.push(r.ms);
        floor.push(f1 - f0);
      }
      const [ap95, fp95] = [pct(api, 95), pct(floor, 95)];
      log(
        `  ${label}: API p50 ${fmtMs(pct(api, 50))} p95 ${fmtMs(ap95)} p99 ${fmtMs(pct(api, 99))} ms; floor (${stmts.length} statements) p50 ${fmtMs(pct(floor, 50))} p95 ${fmtMs(fp95)} ms`,
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

    log(`\n[1] district dashboard: GET /api/pendency/summary as the SP, ${CFG.n} requests, one at a time; floor interleaved`);
    const stmts = await measure(
      'district dashboard p95 (SP, whole district, 12-week trend)',
      '/api/pendency/summary',
      () => pendencySummary(scope, summaryQuery.parse({})),
      TARGETS.dashboardP95,
    );
    log('  statements of one dashboard request (after the session check), each alone, median of 7:');
    // each statement on its own (which one dominates), then the same per-post counts without the kept tallies
    for (const st of stmts) {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t0 = now();
        await admin.query({ text: st.text, values: st.values as unknown[] });
        times.push(now() - t0);
      }
      log(`    ${fmtMs(pct(times, 50))} ms  ${oneLine(st.text, 110)}`);
    }
    const scopeOffices = `{${(await admin.query(`with recursive t as (select id from office where code = 'PBT-SP' union all select o.id from office o join t on o.parent_id = t.id) select id from t`)).rows.map((r) => r.id).join(',')}}`;
    const alternatives: Array<[string, string]> = [
      ['  same counts, one pass over the pending rows (no tallies)', 'pendency_item'],
      ['  same counts from the items at query time (view, nothing kept)', 'pendency_source'],
    ];
    for (const [label, source] of alternatives) {
      const sql = `select pi.holder_post_id, count(*), count(*) filter (where pi.item_type = 'receipt'), count(*) filter (where pi.parked),
          count(*) filter (where pi.due_date < current_date), count(*) filter (where pi.due_date < current_date and (pi.reason_until is null or pi.reason_until < current_date)),
          count(*) filter (where pi.held_on >= current_date - 7), count(*) filter (where pi.held_on < current_date - 7 and pi.held_on >= current_date - 15),
          count(*) filter (where pi.held_on < current_date - 15 and pi.held_on >= current_date - 30), count(*) filter (where pi.held_on < current_date - 30),
          count(*) filter (where pi.started_on >= current_date - 7), count(*) filter (where pi.started_on < current_date - 7 and pi.started_on >= current_date - 15),
          count(*) filter (where pi.started_on < current_date - 15 and pi.started_on >= current_date - 30), count(*) filter (where pi.started_on < current_date - 30)
        from ${source} pi where pi.office_id = any($1::uuid[]) group by pi.holder_post_id`;
      const times: number[] = [];
      for (let i = 0; i < (source === 'pendency_item' ? 7 : 2); i++) {
        const t0 = now();
        await admin.query(sql, [scopeOffices]);
        times.push(now() - t0);
      }
      results.push({
        figure: label,
        target: '-',
        measured: `${fmtMs(pct(times, 50))} ms (median of ${times.length})`,
        floor: '-',
        ratio: '-',
        result: 'info',
      });
    }
    const {
      rows: [tallies],
    } =
      await admin.query(`select (select count(*) from pendency_tally_held)::int as held, (select count(*) from pendency_tally_started)::int as started,
        (select count(*) from pendency_tally_due)::int as due, (select count(*) from pendency_delta)::int as delta`);
    log(
      `  tally rows: by arrival day ${tallies.held.toLocaleString('en')}, by receipt day ${tallies.started.toLocaleString('en')}, by due date ${tallies.due.toLocaleString('en')}; unfolded changes ${tallies.delta}`,
    );

    log(`\n[2] drill-down lists: GET /api/pendency/items as the SP (first page of 25), ${CFG.n} requests each`);
    const lists: Array<[string, Record<string, string>]> = [
      [
        `drill-down p95: busiest station's overdue (${names.station}, ${names.station_n.toLocaleString('en')} pending)`,
        { officeId: busy.station, overdue: 'true' },
      ],
      [
        `drill-down p95: busiest post, over 30 days with it (${names.post}, ${names.post_n.toLocaleString('en')} pending)`,
        { postId: busy.post, bucket: '31+' },
      ],
      ['drill-down p95: whole district, overdue, longest with holder first', { overdue: 'true' }],
    ];
    for (const [label, query] of lists) {
      const url = `/api/pendency/items?${new URLSearchParams(query).toString()}`;
      const captured = await measure(label, url, () => listPendingItems(scope, itemsQuery.parse(query)), TARGETS.listP95);
      const page = captured.find((s) => /with page as/.test(s.text));
      if (page && label.includes('whole district')) {
        const { rows } = await admin.query({ text: `explain (analyze, buffers) ${page.text}`, values: page.values as unknown[] });
        findings.push(
          `EXPLAIN (ANALYZE, BUFFERS) of the district-wide overdue page:\n${rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`,
        );
      }
    }

    log('\n================================================================ results');
    log(
      `pendency: ${sizes.pending.toLocaleString('en')} pending items (${sizes.overdue.toLocaleString('en')} overdue) of ${sizes.items.toLocaleString('en')}; load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    table([
      ['figure', 'target', 'measured', 'floor (raw SQL)', 'ratio', 'result'],
      ...results.map((r) => [r.figure, r.target, r.measured, r.floor, r.ratio, r.result]),
    ]);
    if (process.env.BENCH_VERBOSE === '1' || findings.length) for (const f of findings) log(`\n${f}`);
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
