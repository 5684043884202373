import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../../shared/persistence.js';

/**
 * The RTS dashboard's SQL: sums over the monthly tallies (sql/rts-tally.sql keeps them), medians from
 * the processing-days histogram, what is pending now from the applications themselves (a partial
 * index holds only pending rows), and the drill-down lists. One named function per statement.
 */
export function rows<R>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<R[]> {
  return em.getConnection().execute<R[]>(sql, [...params], 'all', em.getTransactionContext());
}

/** What the figures are counted over: months (first days, inclusive), offices (null: all), a service, a designated post, an office exactly. */
export interface TallyFilter {
  from: string;
  to: string;
  officeIds: string[] | null;
  serviceId?: string | undefined;
  postId?: string | undefined;
  atOfficeId?: string | undefined;
}

/** Whether nothing narrows the figures (the Commission's whole state): the rollup levels answer then. */
export const isWholeState = (f: TallyFilter) => !f.officeIds && !f.serviceId && !f.atOfficeId && !f.postId;

/** The tally level that answers a filter with the fewest rows: per service, per office, per office and post, or the full key. */
function levelFor(f: TallyFilter): 'f' | 's' | 'o' | 'p' {
  if (f.serviceId) return isWholeState({ ...f, serviceId: undefined }) ? 's' : 'f';
  if (f.postId) return 'p';
  if (f.atOfficeId || f.officeIds) return 'o';
  return 's';
}

function where(f: TallyFilter, alias = '', o: { months?: boolean; level?: string } = {}): { sql: string; params: unknown[] } {
  const c: string[] = [];
  const params: unknown[] = [];
  if (o.level) {
    c.push(`${alias}level = ?`);
    params.push(o.level);
  }
  if (o.months !== false) {
    c.push(`${alias}month between ?::date and ?::date`);
    params.push(f.from, f.to);
  }
  if (f.officeIds) {
    c.push(`${alias}office_id = any(?::uuid[])`);
    params.push(pgArray(f.officeIds));
  }
  if (f.atOfficeId) {
    c.push(`${alias}office_id = ?`);
    params.push(f.atOfficeId);
  }
  if (f.serviceId) {
    c.push(`${alias}service_id = ?`);
    params.push(f.serviceId);
  }
  if (f.postId) {
    c.push(`${alias}post_id = ?`);
    params.push(f.postId);
  }
  return { sql: c.length ? c.join(' and ') : 'true', params };
}

export interface TallyRow {
  /** s: per service, o: per office, p: per designated post (with its office), m: per month, t: the total */
  g: 's' | 'o' | 'p' | 'm' | 't';
  service_id: string | null;
  office_id: string | null;
  post_id: string | null;
  month: string | null;
  received: number;
  disposed: number;
  on_time: number;
  days_sum: number;
  rated: number;
  rating_sum: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
  filed1: number;
  filed2: number;
  filed3: number;
  decided1: number;
  decided2: number;
  decided3: number;
  penalties: number;
  penalty_amount: number;
  compensations: number;
  compensation_amount: number;
}

const GROUP = `case when grouping(month) = 0 then 'm' when grouping(post_id) = 0 then 'p' when grouping(office_id) = 0 then 'o' when grouping(service_id) = 0 then 's' else 't' end`;
const SUMS = `coalesce(sum(received), 0)::int as received, coalesce(sum(disposed), 0)::int as disposed, coalesce(sum(on_time), 0)::int as on_time, coalesce(sum(days_sum), 0)::float8 as days_sum,
  coalesce(sum(rated), 0)::int as rated, coalesce(sum(rating_sum), 0)::int as rating_sum, coalesce(sum(r1), 0)::int as r1, coalesce(sum(r2), 0)::int as r2, coalesce(sum(r3), 0)::int as r3, coalesce(sum(r4), 0)::int as r4, coalesce(sum(r5), 0)::int as r5,
  coalesce(sum(filed1), 0)::int as filed1, coalesce(sum(filed2), 0)::int as filed2, coalesce(sum(filed3), 0)::int as filed3, coalesce(sum(decided1), 0)::int as decided1, coalesce(sum(decided2), 0)::int as decided2,
  coalesce(sum(decided3), 0)::int as decided3, coalesce(sum(penalties), 0)::int as penalties, coalesce(sum(penalty_amount), 0)::float8 as penalty_amount, coalesce(sum(compensations), 0)::int as compensations,
  coalesce(sum(compensation_amount), 0)::float8 as compensation_amount`;

/**
 * The tallies of the period summed per service, office, designated post, month and in all — one pass
 * over the full-key rows of the scope; for the whole state, over the rollups (per service, per office,
 * per office and post: a few thousand rows a month).
 */
export function tallySums(em: EntityManager, f: TallyFilter): Promise<TallyRow[]> {
  if (isWholeState(f)) {
    const m = [f.from, f.to];
    const z = `'00000000-0000-0000-0000-000000000000'::uuid`;
    return rows<TallyRow>(
      em,
      `select case when grouping(month) = 0 then 'm' when grouping(service_id) = 0 then 's' else 't' end as g, service_id, null::uuid as office_id, null::uuid as post_id,
        to_char(month, 'YYYY-MM') as month, ${SUMS}
      from rts_tally where level = 's' and month between ?::date and ?::date group by grouping sets ((service_id), (month), ())
      union all
      select 'o', null, office_id, null, null, ${SUMS} from rts_tally where level = 'o' and month between ?::date and ?::date and office_id <> ${z} group by office_id
      union all
      select 'p', null, office_id, post_id, null, ${SUMS} from rts_tally where level = 'p' and month between ?::date and ?::date group by office_id, post_id`,
      [...m, ...m, ...m],
    );
  }
  const w = where(f, '', { level: 'f' });
  return rows<TallyRow>(
    em,
    `select ${GROUP} as g, service_id, office_id, post_id, to_char(month, 'YYYY-MM') as month, ${SUMS}
    from rts_tally where ${w.sql}
    group by grouping sets ((service_id), (office_id), (office_id, post_id), (month), ())`,
    w.params,
  );
}

/** Only the total (a drill-down's count of received, disposed or late). */
export async function tallyTotal(em: EntityManager, f: TallyFilter): Promise<{ received: number; disposed: number; on_time: number }> {
  const w = where(f, '', { level: levelFor(f) });
  const [r] = await rows<{ received: number; disposed: number; on_time: number }>(
    em,
    `select coalesce(sum(received), 0)::int as received, coalesce(sum(disposed), 0)::int as disposed, coalesce(sum(on_time), 0)::int as on_time from rts_tally where ${w.sql}`,
    w.params,
  );
  return r!;
}

export interface HistRow {
  /** s: per service, o: per office, p: per designated post (with its office) */
  g: 's' | 'o' | 'p';
  service_id: string | null;
  office_id: string | null;
  post_id: string | null;
  days: number;
  n: number;
}

/**
 * Disposals of the period by processing days, per service, office and designated post (what the medians
 * are read from, exactly): for the whole state from the rollups, else from the full-key rows of the scope.
 */
export async function histogram(em: EntityManager, f: TallyFilter): Promise<HistRow[]> {
  let sql: string;
  let params: unknown[];
  if (isWholeState(f)) {
    const m = [f.from, f.to];
    sql = `select 's' as g, service_id, null::uuid as office_id, null::uuid as post_id, days, sum(n)::int as n
      from rts_days where level = 's' and month between ?::date and ?::date group by service_id, days having sum(n) <> 0
      union all
      select 'o', null, office_id, null, days, sum(n)::int from rts_days where level = 'o' and month between ?::date and ?::date group by office_id, days having sum(n) <> 0
      union all
      select 'p', null, office_id, post_id, days, sum(n)::int from rts_days where level = 'p' and month between ?::date and ?::date
      group by office_id, post_id, days having sum(n) <> 0`;
    params = [...m, ...m, ...m];
  } else {
    const w = where(f, '', { level: 'f' });
    sql = `select case when grouping(post_id) = 0 then 'p' when grouping(office_id) = 0 then 'o' else 's' end as g, service_id, office_id, post_id, days, sum(n)::int as n
      from rts_days where ${w.sql}
      group by grouping sets ((service_id, days), (office_id, days), (office_id, post_id, days)) having sum(n) <> 0`;
    params = w.params;
  }
  // tens of thousands of small rows: one JSON text parsed at once costs a fraction of as many row objects
  const [r] = await rows<{ h: string | HistRow[] | null }>(em, `select coalesce(json_agg(h), '[]')::text as h from (${sql}) h`, params);
  return typeof r?.h === 'string' ? (JSON.parse(r.h) as HistRow[]) : (r?.h ?? []);
}

/** How often finished months of the period were changed (a late rating, a correction): what a kept reading of them is checked against. */
export async function monthStamps(em: EntityManager, from: string, to: string): Promise<string> {
  const [r] = await rows<{ s: string | number }>(
    em,
    'select coalesce(sum(changed), 0)::text as s from rts_month_stamp where month between ?::date and ?::date',
    [from, to],
  );
  return String(r?.s ?? '0');
}

export interface PendingRow {
  service_id: string;
  office_id: string;
  post_id: string;
  pending: number;
  beyond: number;
}

/** What is pending now by service, office and designated post, and how much of it is past its RTS due date. */
export function pendingNow(em: EntityManager, f: Omit<TallyFilter, 'from' | 'to'>, today: string): Promise<PendingRow[]> {
  const w = where({ ...f, from: '', to: '', postId: undefined }, 'a.', { months: false });
  const post = f.postId ? ' and a.origin_post_id = ?' : '';
  return rows<PendingRow>(
    em,
    `select a.service_id, a.office_id, a.origin_post_id as post_id, count(*)::int as pending, count(*) filter (where a.rts_due_date < ?::date)::int as beyond
    from application a where a.status <> 'closed' and ${w.sql}${post} group by 1, 2, 3`,
    [today, ...w.params, ...(f.postId ? [f.postId] : [])],
  );
}

export interface ServiceRow {
  id: string;
  code: string;
  name: { en: string; hi: string };
  timeline: number | null;
}

/** Every service with the name and timeline of its live version (else its latest). */
export function servicesList(em: EntityManager): Promise<ServiceRow[]> {
  return rows<ServiceRow>(
    em,
    `select distinct on (s.id) s.id, s.code, v.definition -> 'name' as name, (v.definition ->> 'timelineDays')::int as timeline
    from service s join service_version v on v.service_id = s.id order by s.id, (v.number = s.live_version) desc nulls last, v.number desc`,
  );
}

export interface DrillRow {
  id: string;
  reference_number: string;
  subject: string;
  service_id: string;
  office_id: string;
  origin_post_id: string;
  holder_post_id: string;
  status: 'open' | 'with_applicant' | 'closed';
  stage: string;
  channel: string;
  created_at: Date | string;
  closed_at: Date | string | null;
  rts_due_date: string | null;
  rts_days_left: number | null;
  on_time: boolean | null;
  rating: number | null;
  days: number;
  days_late: number;
}

/** Timestamps bounding the period: the first instant of `from` and of the month after `to`, India time. */
export function periodInstants(from: string, to: string): [string, string] {
  const [y, m] = to.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [`${from.slice(0, 7)}-01T00:00:00+05:30`, `${next}-01T00:00:00+05:30`];
}

/** One page of the applications behind a figure: received, disposed or disposed late in the period, or pending (beyond the timeline) now. */
export function drillPage(
  em: EntityManager,
  kind: 'received' | 'disposed' | 'late' | 'pending' | 'beyond',
  f: TallyFilter,
  today: string,
  page: { limit: number; offset: number },
): Promise<DrillRow[]> {
  const w = where({ ...f, postId: undefined }, 'a.', { months: false });
  const c = [w.sql];
  const params: unknown[] = [today, today, ...w.params];
  if (f.postId) {
    c.push('a.origin_post_id = ?');
    params.push(f.postId);
  }
  const [start, end] = periodInstants(f.from, f.to);
  let order: string;
  if (kind === 'received') {
    c.push('a.created_at >= ?::timestamptz and a.created_at < ?::timestamptz');
    params.push(start, end);
    order = 'a.created_at desc, a.id';
  } else if (kind === 'disposed' || kind === 'late') {
    c.push(`a.status = 'closed' and a.closed_at >= ?::timestamptz and a.closed_at < ?::timestamptz`);
    params.push(start, end);
    if (kind === 'late') c.push('a.on_time is false');
    order = 'a.closed_at desc, a.id';
  } else {
    c.push(`a.status <> 'closed'`);
    if (kind === 'beyond') {
      c.push('a.rts_due_date < ?::date');
      params.push(today);
    }
    order = 'a.rts_due_date asc nulls last, a.created_at, a.id';
  }
  params.push(page.limit, page.offset);
  return rows<DrillRow>(
    em,
    `select a.id, a.reference_number, a.subject, a.service_id, a.office_id, a.origin_post_id, a.holder_post_id, a.status, a.stage, a.channel,
      a.created_at, a.closed_at, to_char(a.rts_due_date, 'YYYY-MM-DD') as rts_due_date, a.rts_days_left, a.on_time, a.rating,
      coalesce((a.closed_at at time zone 'Asia/Kolkata')::date, ?::date) - (a.created_at at time zone 'Asia/Kolkata')::date as days,
      greatest(0, coalesce((a.closed_at at time zone 'Asia/Kolkata')::date, ?::date) - a.rts_due_date) as days_late
    from application a where ${c.join(' and ')} order by ${order} limit ? offset ?`,
    params,
  );
}

/** How many are pending now (beyond the timeline) under these filters: the drill-down's total. */
export async function pendingCount(em: EntityManager, kind: 'pending' | 'beyond', f: TallyFilter, today: string): Promise<number> {
  const r = await pendingNow(em, f, today);
  return r.reduce((n, x) => n + (kind === 'pending' ? x.pending : x.beyond), 0);
}

export interface CommentRow {
  id: string;
  reference_number: string;
  service_id: string;
  office_id: string;
  origin_post_id: string;
  rating: number;
  feedback: string | null;
  closed_at: Date | string;
}

/** Ratings given for disposals of the period (with their comments), newest first; and how many there are. */
export async function commentsPage(
  em: EntityManager,
  f: TallyFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: CommentRow[]; total: number }> {
  const w = where({ ...f, postId: undefined }, 'a.', { months: false });
  const [start, end] = periodInstants(f.from, f.to);
  const c = `a.rating is not null and ${w.sql} and a.closed_at >= ?::timestamptz and a.closed_at < ?::timestamptz${f.postId ? ' and a.origin_post_id = ?' : ''}`;
  const params = [...w.params, start, end, ...(f.postId ? [f.postId] : [])];
  const [list, [count]] = await Promise.all([
    rows<CommentRow>(
      em,
      `select a.id, a.reference_number, a.service_id, a.office_id, a.origin_post_id, a.rating, a.feedback, a.closed_at
      from application a where ${c} order by (a.feedback is null), a.closed_at desc, a.id limit ? offset ?`,
      [...params, page.limit, page.offset],
    ),
    rows<{ n: number }>(em, `select count(*)::int as n from application a where ${c}`, params),
  ]);
  return { rows: list, total: count?.n ?? 0 };
}

/** Each service's disposals and those on time over months (the public catalogue's on-time record). */
export function onTimeByService(
  em: EntityManager,
  from: string,
  to: string,
): Promise<Array<{ code: string; disposed: number; on_time: number }>> {
  return rows(
    em,
    `select s.code, sum(t.disposed)::int as disposed, sum(t.on_time)::int as on_time
    from rts_tally t join service s on s.id = t.service_id where t.level = 's' and t.month between ?::date and ?::date group by s.code`,
    [from, to],
  );
}
