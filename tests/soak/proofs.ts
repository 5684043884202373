/**
 * What the soak proves afterwards, from the database: every numbered series is gap-free (its numbers
 * are exactly 1…N and N is the series' counter), every acknowledged write is there, and — sampled during
 * the run — the servers' memory and the database's connections stayed bounded.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Ack } from './stats.js';

export interface Proof {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * Numbers per series: each scope/year's numbers are distinct, start at 1 and end at their count, and
 * the count is the counter's last number (a number taken and lost would be a gap at the end).
 */
export async function gapFree(db: pg.Pool): Promise<Proof[]> {
  const series: Array<{ name: string; sql: string }> = [
    {
      name: 'diary numbers (per office, year)',
      sql: `select office_id::text as scope, diary_year as year, diary_seq as seq, (select last_number from counter c
              where c.series = 'diary' and c.scope_id = r.office_id and c.year = r.diary_year) as last
              from receipt r where diary_number is not null`,
    },
    {
      name: 'file numbers (per head, year)',
      sql: `select head_id::text as scope, year, serial as seq, (select last_number from counter c
              where c.series = 'file' and c.scope_id = f.head_id and c.year = f.year) as last
              from efile f where kind = 'main'`,
    },
    {
      name: 'issue numbers (per office, year)',
      sql: `select office_id::text as scope, year, serial as seq, (select last_number from counter c
              where c.series = 'issue' and c.scope_id = d.office_id and c.year = d.year) as last
              from dispatch_entry d`,
    },
    {
      // the scope is the service and office pair (one counter scope id); the number's own prefix names it
      name: 'application reference numbers (per service, office, year)',
      sql: `select regexp_replace(reference_number, '/[0-9]+$', '') as scope, 0 as year,
                   (regexp_match(reference_number, '/([0-9]+)$'))[1]::int as seq, null::int as last
              from application`,
    },
  ];
  const out: Proof[] = [];
  for (const s of series) {
    const { rows } = await db.query(
      `with n as (${s.sql})
       select scope, year, count(*)::int as n, count(distinct seq)::int as d, min(seq) as lo, max(seq) as hi, max(last) as last
         from n group by scope, year`,
    );
    const bad = rows.filter((r) => r.n !== r.d || r.lo !== 1 || r.hi !== r.n || (r.last !== null && r.last !== r.hi));
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    out.push({
      name: `gap-free: ${s.name}`,
      ok: bad.length === 0,
      detail: bad.length
        ? `${bad.length} of ${rows.length} series broken, e.g. ${JSON.stringify(bad.slice(0, 3))}`
        : `${total} numbers in ${rows.length} series, each exactly 1…N`,
    });
  }
  // the application counters: their total taken equals the applications numbered
  const {
    rows: [a],
  } = await db.query(
    `select (select coalesce(sum(last_number), 0)::int from counter where series = 'application') as taken, (select count(*)::int from application) as n`,
  );
  out.push({
    name: 'gap-free: application counters agree',
    ok: a.taken === a.n,
    detail: `${a.taken} reference numbers taken, ${a.n} applications`,
  });
  return out;
}

/** Every write the API acknowledged, looked up by id (and number or state). */
export async function acknowledgedPresent(db: pg.Pool, acks: Ack[]): Promise<Proof> {
  const missing: Ack[] = [];
  const ids = (kind: Ack['kind']) => acks.filter((a) => a.kind === kind);
  const check = async (
    kind: Ack['kind'],
    sql: string,
    params: (a: Ack[]) => unknown[],
    key: (r: any) => string,
    want: (a: Ack) => string,
  ) => {
    const list = ids(kind);
    if (!list.length) return;
    const { rows } = await db.query(sql, params(list));
    const have = new Set(rows.map(key));
    for (const a of list) if (!have.has(want(a))) missing.push(a);
  };
  const uuids = (l: Ack[]) => [l.map((a) => a.id)];
  await check(
    'receipt',
    `select id::text, diary_number from receipt where id = any($1::uuid[])`,
    uuids,
    (r) => `${r.id} ${r.diary_number}`,
    (a) => `${a.id} ${a.number}`,
  );
  await check(
    'receipt-send',
    `select item_id::text, to_post_id::text from movement where item_type = 'receipt' and item_id = any($1::uuid[])`,
    uuids,
    (r) => `${r.item_id} ${r.to_post_id}`,
    (a) => `${a.id} ${a.ref}`,
  );
  await check(
    'file',
    `select id::text, file_number from efile where id = any($1::uuid[])`,
    uuids,
    (r) => `${r.id} ${r.file_number}`,
    (a) => `${a.id} ${a.number}`,
  );
  await check(
    'file-send',
    `select item_id::text, to_post_id::text from movement where item_type = 'file' and item_id = any($1::uuid[])`,
    uuids,
    (r) => `${r.item_id} ${r.to_post_id}`,
    (a) => `${a.id} ${a.ref}`,
  );
  await check(
    'note',
    `select id::text, file_id::text from note where id = any($1::uuid[])`,
    uuids,
    (r) => `${r.id} ${r.file_id}`,
    (a) => `${a.id} ${a.ref}`,
  );
  await check(
    'draft',
    `select id::text, file_id::text from draft where id = any($1::uuid[])`,
    uuids,
    (r) => `${r.id} ${r.file_id}`,
    (a) => `${a.id} ${a.ref}`,
  );
  await check(
    'draft-approve',
    `select id::text from draft where approved_at is not null and id = any($1::uuid[])`,
    uuids,
    (r) => r.id,
    (a) => a.id,
  );
  await check(
    'application',
    `select id::text, reference_number from application where id = any($1::uuid[])`,
    uuids,
    (r) => `${r.id} ${r.reference_number}`,
    (a) => `${a.id} ${a.number}`,
  );
  await check(
    'decision',
    `select id::text, stage from application where id = any($1::uuid[])`,
    uuids,
    (r) => `${r.id} ${r.stage}`,
    (a) => `${a.id} ${a.state}`,
  );
  const byKind = new Map<string, number>();
  for (const a of acks) byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1);
  return {
    name: 'every acknowledged write is present',
    ok: missing.length === 0,
    detail: missing.length
      ? `${missing.length} of ${acks.length} missing, e.g. ${JSON.stringify(missing.slice(0, 3))}`
      : `${acks.length} writes found (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})`,
  };
}

// ------------------------------------------------------------------------------------------ resources

/** Resident memory of a process in bytes (VmRSS), or null when it is gone. */
export function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface Series {
  name: string;
  unit: 'MB' | 'connections';
  values: number[];
}

/** A node's resident memory from its Prometheus endpoint (process_resident_memory_bytes), or null. */
export async function scrapeRss(url: string, token: string): Promise<number | null> {
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
    if (!res.ok) return null;
    const m = /^process_resident_memory_bytes(?:\{[^}]*\})?\s+([0-9.e+]+)/m.exec(await res.text());
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Samples every `ms`: RSS of each named local process (/proc), of each node's /metrics (for nodes on other
 * machines, METRICS_TOKEN) and the database's connections (pg_stat_activity, client backends).
 */
export function startSampler(
  db: pg.Pool,
  pids: Array<{ name: string; pid: number }>,
  ms: number,
  metrics: { urls: string[]; token: string } | null = null,
) {
  const urls = metrics?.urls ?? [];
  const series: Series[] = [
    ...pids.map((p) => ({ name: `RSS ${p.name} (pid ${p.pid})`, unit: 'MB' as const, values: [] as number[] })),
    ...urls.map((u) => ({ name: `RSS ${u}`, unit: 'MB' as const, values: [] as number[] })),
    { name: 'PostgreSQL connections', unit: 'connections', values: [] },
  ];
  let stopped = false;
  const sample = async () => {
    for (const [i, p] of pids.entries()) {
      const rss = rssOf(p.pid);
      if (rss !== null) series[i]!.values.push(rss / 1024 / 1024);
    }
    await Promise.all(
      urls.map(async (u, k) => {
        const rss = await scrapeRss(u, metrics!.token);
        if (rss !== null) series[pids.length + k]!.values.push(rss / 1024 / 1024);
      }),
    );
    try {
      const { rows } = await db.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
      );
      series[series.length - 1]!.values.push(rows[0].n);
    } catch {
      /* a sample missed */
    }
  };
  const timer = setInterval(() => void (stopped ? undefined : sample()), ms);
  void sample();
  return {
    series,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/**
 * Bounded growth: after the first sixth (warm-up), the last third's average is at most `factor` × the
 * first third's (and, for connections, a few more connections than that are allowed: pools fill up to their maximum).
 */
export function boundedGrowth(s: Series, factor = 1.5): Proof & { first: number; max: number; last: number } {
  const v = s.values;
  const first = v[0] ?? NaN;
  const max = v.length ? Math.max(...v) : NaN;
  const last = v[v.length - 1] ?? NaN;
  const warm = v.slice(Math.floor(v.length / 6));
  const third = Math.max(1, Math.floor(warm.length / 3));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const early = avg(warm.slice(0, third));
  const late = avg(warm.slice(-third));
  const slack = s.unit === 'connections' ? 5 : 0;
  const ok = v.length < 6 || late <= early * factor + slack;
  const f = (x: number) => (s.unit === 'MB' ? x.toFixed(0) : x.toFixed(0));
  return {
    name: `bounded: ${s.name}`,
    ok,
    first,
    max,
    last,
    detail: `first ${f(first)}, max ${f(max)}, last ${f(last)} ${s.unit}; after warm-up first third avg ${early.toFixed(1)}, last third avg ${late.toFixed(1)} (${v.length} samples)${ok ? '' : ` — grew more than ${factor}×`}`,
  };
}
