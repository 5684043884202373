import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../shared/persistence.js';
import type { Register } from '../../shared/registers.js';
import type { Scope } from '../../shared/scope.js';
import type { Grading, Priority } from '../../shared/items.js';
import type { PendencyScope } from './pendency.policy.js';
import { rows } from './pendency.queries.js';
import type { ItemsQuery, MineQuery, RegisterQuery, SummaryQuery } from './pendency.schemas.js';
import { bucketRange } from './working-calendar.js';
import { overdueCondition, overdueWorkingDaysSql } from './due-dates.js';
import type { ItemType } from '../movement/index.js';

/**
 * The SQL of the dashboard, the drill-down, the registers, the trend and the disposal report. Filters
 * are built here as `{ where, params }` (dates are parameters: nothing stored goes stale as days pass)
 * and handed back to the query that uses them.
 */
export interface Filter {
  where: string;
  params: unknown[];
}
type Timestamp = string | Date;
type TypeFilter = 'all' | ItemType;

// -------------------------------------------------------------------------------- filters

/** Filters shared by the dashboard's queries: the scope's offices (and post), type, register. */
export function summaryFilters(scope: PendencyScope, q: Pick<SummaryQuery, 'type' | 'register'>): Filter {
  const where = ['pi.office_id = any(?::uuid[])'];
  const params: unknown[] = [pgArray(scope.officeIds)];
  if (scope.kind === 'post') {
    where.push('pi.holder_post_id = ?');
    params.push(scope.postId);
  }
  if (q.type !== 'all') {
    where.push('pi.item_type = ?');
    params.push(q.type);
  }
  if (q.register) {
    where.push('pi.register = ?');
    params.push(q.register);
  }
  return { where: where.join(' and '), params };
}

/** The WHERE of a drill-down: scope, then each filter asked for. */
export function itemFilters(scope: Scope, ps: PendencyScope, q: Omit<ItemsQuery, 'page' | 'pageSize' | 'sort'>, today: string): Filter {
  const f = summaryFilters(ps, q);
  const where = [f.where];
  const params = [...f.params];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  // the office's own posts (as the office row of the dashboard counts them), not the offices under it
  if (q.officeId) add('pi.office_id = ?', q.officeId);
  if (q.sectionId === 'none') add('pi.section_id is null');
  else if (q.sectionId) add('pi.section_id = ?', q.sectionId);
  if (q.postId) add('pi.holder_post_id = ?', q.postId);
  if (q.priority) add('pi.priority = ?', q.priority);
  if (q.bucket) {
    const col = q.basis === 'age' ? 'pi.started_on' : 'pi.held_on';
    const r = bucketRange(q.bucket, today);
    if (r.from) add(`${col} >= ?::date`, r.from);
    add(`${col} <= ?::date`, r.to);
  }
  if (q.overdue !== undefined) add(overdueCondition('pi.due_date', q.overdue), today);
  if (q.noReason) add('(pi.reason_until is null or pi.reason_until < ?::date)', today);
  if (q.parked !== undefined) add(q.parked ? 'pi.parked' : 'not pi.parked');
  if (q.hidden === false && ps.kind === 'offices') {
    add(`(pi.grading = 'normal' or coalesce(pi.access_posts, '{}') && ?::uuid[])`, pgArray(scope.actor.heldPostIds));
  }
  return { where: where.join(' and '), params };
}

/** Filters of "mine with others": items this post sent or returned, now pending with another post. */
export function mineFilters(postId: string, q: Pick<MineQuery, 'type' | 'overdue'>, today: string): Filter {
  const where = [
    `pi.holder_post_id <> ?`,
    `exists (select 1 from movement m where m.item_type = pi.item_type and m.item_id = pi.item_id and m.from_post_id = ? and m.kind in ('send', 'return'))`,
  ];
  const params: unknown[] = [postId, postId];
  if (q.type !== 'all') {
    where.push('pi.item_type = ?');
    params.push(q.type);
  }
  if (q.overdue !== undefined) {
    where.push(overdueCondition('pi.due_date', q.overdue));
    params.push(today);
  }
  return { where: where.join(' and '), params };
}

// -------------------------------------------------------------------------------- dashboard counts

/** The tally rows of these posts plus the changes not folded in yet (both in one snapshot). */
function tallySource(table: string, columns: string, posts: string, q: Pick<SummaryQuery, 'type' | 'register'>) {
  const where = ['holder_post_id = any(?::uuid[])'];
  const params: unknown[] = [posts];
  if (q.type !== 'all') {
    where.push('item_type = ?');
    params.push(q.type);
  }
  if (q.register) {
    where.push('register = ?');
    params.push(q.register);
  }
  const w = where.join(' and ');
  return {
    sql: `(select holder_post_id, ${columns}, n from ${table} where ${w} union all select holder_post_id, ${columns}, n from pendency_delta where ${w})`,
    params: [...params, ...params],
  };
}

/** Per post: pending, by kind, parked, and by days with the holder (0–7, 8–15, 16–30, over 30). */
export function heldCounts(em: EntityManager, posts: string, q: Pick<SummaryQuery, 'type' | 'register'>, today: string) {
  const held = tallySource('pendency_tally_held', 'item_type, parked, graded, held_on', posts, q);
  return rows<{
    post: string;
    pending: number;
    receipts: number;
    files: number;
    parked: number;
    d7: number;
    d15: number;
    d30: number;
    d31: number;
  }>(
    em,
    `select holder_post_id as post, sum(n)::int as pending, coalesce(sum(n) filter (where item_type = 'receipt'), 0)::int as receipts,
        coalesce(sum(n) filter (where item_type = 'file'), 0)::int as files, coalesce(sum(n) filter (where parked), 0)::int as parked,
        coalesce(sum(n) filter (where held_on >= ?::date - 7), 0)::int as d7, coalesce(sum(n) filter (where held_on < ?::date - 7 and held_on >= ?::date - 15), 0)::int as d15,
        coalesce(sum(n) filter (where held_on < ?::date - 15 and held_on >= ?::date - 30), 0)::int as d30, coalesce(sum(n) filter (where held_on < ?::date - 30), 0)::int as d31
      from ${held.sql} x group by holder_post_id`,
    [today, today, today, today, today, today, ...held.params],
  );
}

/** Per post: pending items by their age since received or opened (the same buckets). */
export function ageCounts(em: EntityManager, posts: string, q: Pick<SummaryQuery, 'type' | 'register'>, today: string) {
  const started = tallySource('pendency_tally_started', 'started_on', posts, q);
  return rows<{ post: string; a7: number; a15: number; a30: number; a31: number }>(
    em,
    `select holder_post_id as post,
        coalesce(sum(n) filter (where started_on >= ?::date - 7), 0)::int as a7, coalesce(sum(n) filter (where started_on < ?::date - 7 and started_on >= ?::date - 15), 0)::int as a15,
        coalesce(sum(n) filter (where started_on < ?::date - 15 and started_on >= ?::date - 30), 0)::int as a30, coalesce(sum(n) filter (where started_on < ?::date - 30), 0)::int as a31
      from ${started.sql} x group by holder_post_id`,
    [today, today, today, today, today, today, ...started.params],
  );
}

/** Per post: overdue, overdue without a reason, and due within two working days on the root office's calendar (computed once). */
export function dueCounts(
  em: EntityManager,
  posts: string,
  q: Pick<SummaryQuery, 'type' | 'register'>,
  today: string,
  rootOfficeId: string,
) {
  const due = tallySource('pendency_tally_due', 'due_date, reason_until', posts, q);
  return rows<{ post: string; overdue: number; overdue_no_reason: number; due_soon: number }>(
    em,
    `with t as materialized (select ?::date as d, pendency_add_days(?::uuid, ?::date, 2, 'working') as soon)
      select holder_post_id as post, coalesce(sum(n) filter (where due_date < t.d), 0)::int as overdue,
        coalesce(sum(n) filter (where due_date < t.d and reason_until < t.d), 0)::int as overdue_no_reason,
        coalesce(sum(n) filter (where due_date >= t.d and due_date <= t.soon), 0)::int as due_soon
      from ${due.sql} x cross join t group by holder_post_id`,
    [today, rootOfficeId, today, ...due.params],
  );
}

/** Per post: graded items none of `heldPosts` may see, counted from the pending rows (a partial index holds only graded ones). */
export const hiddenCounts = (em: EntityManager, f: Filter, heldPosts: string) =>
  rows<{ post: string; n: number }>(
    em,
    `select pi.holder_post_id as post, count(*)::int as n from pendency_item pi
          where ${f.where} and pi.grading <> 'normal' and not (coalesce(pi.access_posts, '{}') && ?::uuid[])
          group by pi.holder_post_id`,
    [...f.params, heldPosts],
  );

// -------------------------------------------------------------------------------- trend

const typeFilter = (type: TypeFilter) => ({ sql: type === 'all' ? '' : ' and item_type = ?', params: type === 'all' ? [] : [type] });

/** Received and disposed in finished weeks, as stored. */
export function storedWeeks(em: EntityManager, offices: string, weeks: string, type: TypeFilter) {
  const t = typeFilter(type);
  return rows<{ week: string; received: number; disposed: number }>(
    em,
    `select to_char(week_start, 'YYYY-MM-DD') as week, sum(received)::int as received, sum(disposed)::int as disposed from pendency_week
          where office_id = any(?::uuid[]) and week_start = any(?::date[])${t.sql} group by week_start`,
    [offices, weeks, ...t.params],
  );
}

/** Received and disposed since the current week began (IST), counted live. */
export function currentWeek(em: EntityManager, weekStart: string, offices: string, type: TypeFilter) {
  const t = typeFilter(type);
  return rows<{ received: number; disposed: number }>(
    em,
    `select count(*) filter (where kind = 'received')::int as received, count(*) filter (where kind = 'disposed')::int as disposed from pendency_event
        where at >= (?::timestamp at time zone 'Asia/Kolkata') and origin_office_id = any(?::uuid[])${t.sql}`,
    [weekStart, offices, ...t.params],
  );
}

/** Pending now, by the offices the items were registered in. */
export function pendingByOrigin(em: EntityManager, offices: string, type: TypeFilter) {
  const t = typeFilter(type);
  return rows<{ n: number }>(
    em,
    `select coalesce(sum(n), 0)::int as n from (select origin_office_id, item_type, n from pendency_tally_origin union all select origin_office_id, item_type, n from pendency_delta) x
        where origin_office_id = any(?::uuid[])${t.sql}`,
    [offices, ...t.params],
  );
}

/** Of these finished weeks, those not summed yet for every office and item type. */
export const unsummedWeeks = async (em: EntityManager, weeks: string) =>
  (
    await rows<{ missing: string[] }>(
      em,
      `select coalesce(array_agg(to_char(w, 'YYYY-MM-DD')), '{}') as missing from unnest(?::date[]) w
    where (select count(*) from pendency_week pw where pw.week_start = w) < 2 * (select count(*) from office)`,
      [weeks],
    )
  )[0]?.missing ?? [];

/** Sums these weeks (events from `from` to `to`) for every office and item type; a week already stored stays. */
export async function sumWeeks(em: EntityManager, weeks: string, from: string, to: string): Promise<void> {
  await rows(
    em,
    `insert into pendency_week (office_id, week_start, item_type, received, disposed)
    select o.id, w.ws, t.item_type, coalesce(e.received, 0), coalesce(e.disposed, 0)
    from office o cross join unnest(?::date[]) w(ws) cross join (values ('receipt'), ('file')) t(item_type)
    left join (
      select origin_office_id, item_type, date_trunc('week', at at time zone 'Asia/Kolkata')::date as ws,
        count(*) filter (where kind = 'received')::int as received, count(*) filter (where kind = 'disposed')::int as disposed
      from pendency_event where at >= (?::timestamp at time zone 'Asia/Kolkata') and at < (?::timestamp at time zone 'Asia/Kolkata')
      group by 1, 2, 3
    ) e on e.origin_office_id = o.id and e.ws = w.ws and e.item_type = t.item_type
    on conflict do nothing`,
    [weeks, from, to],
  );
}

// -------------------------------------------------------------------------------- pending items

export const ORDER = {
  dwell: 'pi.held_since asc, pi.item_id',
  age: 'pi.started_on asc, pi.held_since asc, pi.item_id',
  due: 'pi.due_date asc nulls last, pi.held_since asc, pi.item_id',
} as const;

/** A row of a list of pending items, with what it shows looked up for the page only. */
export interface PendingRow {
  item_type: ItemType;
  item_id: string;
  office_id: string;
  holder_post_id: string;
  held_since: Timestamp;
  held_on: string;
  started_on: string;
  priority: Priority;
  grading: Grading;
  register: Register | null;
  parked: boolean;
  due_date: string | null;
  due_source: 'explicit' | 'rule' | 'register' | null;
  number: string | null;
  subject: string | null;
  category: string | null;
  reference: string | null;
  dwell_working: number | null;
  overdue_working: number | null;
  reason: string | null;
  reason_expected_by: string | null;
  reason_at: Timestamp | null;
  reason_user: string | null;
  reason_post: string | null;
  level: number | null;
}

/**
 * One page of pending items in an order: number and subject, register reference, the holder's delay
 * reason for this holding, the highest escalation of this holding, and working days with the holder / past due.
 */
export const pendingPage = (em: EntityManager, f: Filter, o: { sort: keyof typeof ORDER; limit: number; offset: number; today: string }) =>
  rows<PendingRow>(
    em,
    `with page as (select pi.* from pendency_item pi where ${f.where} order by ${ORDER[o.sort]} limit ? offset ?)
      select page.item_type, page.item_id, page.office_id, page.holder_post_id, page.held_since, to_char(page.held_on, 'YYYY-MM-DD') as held_on,
        to_char(page.started_on, 'YYYY-MM-DD') as started_on, page.priority, page.grading, page.register, page.parked,
        to_char(page.due_date, 'YYYY-MM-DD') as due_date, page.due_source, b.number, b.subject, b.category, reg.reference,
        pendency_working_between(page.office_id, page.held_on, ?::date) as dwell_working,
        ${overdueWorkingDaysSql('page.office_id', 'page.due_date')} as overdue_working,
        dr.reason, to_char(dr.expected_by, 'YYYY-MM-DD') as reason_expected_by, dr.created_at as reason_at, dr.user_id as reason_user, dr.post_id as reason_post,
        coalesce((select max(a.level) from pendency_alert a where a.item_type = page.item_type and a.item_id = page.item_id and a.held_since = page.held_since and a.kind = 'escalation'), 0) as level
      from page
      left join lateral (select r.diary_number as number, r.subject, r.category from receipt r where page.item_type = 'receipt' and r.id = page.item_id
                         union all select f.file_number, f.subject, f.category from efile f where page.item_type = 'file' and f.id = page.item_id) b on true
      left join pendency_register reg on reg.item_type = page.item_type and reg.item_id = page.item_id
      left join lateral (select d.reason, d.expected_by, d.created_at, d.user_id, d.post_id from pendency_delay_reason d
                         where d.item_type = page.item_type and d.item_id = page.item_id and d.held_since = page.held_since and d.post_id = page.holder_post_id
                         order by d.created_at desc limit 1) dr on true
      order by ${ORDER[o.sort].replace(/pi\./g, 'page.')}`,
    [...f.params, o.limit, o.offset, o.today, o.today, o.today],
  );

export const pendingCount = async (em: EntityManager, f: Filter) =>
  (await rows<{ n: number }>(em, `select count(*)::int as n from pendency_item pi where ${f.where}`, f.params))[0]?.n ?? 0;

// -------------------------------------------------------------------------------- special registers

/** Everything entered in registers, with its item (pending or disposed of) and the office of its (last) holder. */
const REGISTER_FROM = `pendency_register reg
    join (select 'receipt'::varchar as t, r.id, r.holder_post_id, r.office_id, r.grading, r.priority, r.diary_number as number, r.subject, r.category, r.held_since,
                 coalesce(r.received_date, (r.created_at at time zone 'Asia/Kolkata')::date) as started_on, coalesce(r.closed_at, case when r.status = 'filed' then r.updated_at end) as disposed_at
          from receipt r
          union all
          select 'file', f.id, f.holder_post_id, f.office_id, f.grading, f.priority, f.file_number, f.subject, f.category, f.held_since,
                 (f.created_at at time zone 'Asia/Kolkata')::date, f.closed_at
          from efile f) b on b.t = reg.item_type and b.id = reg.item_id
    join post hp on hp.id = b.holder_post_id
    left join pendency_item pi on pi.item_type = reg.item_type and pi.item_id = reg.item_id`;

/** The WHERE of a register's page (`all`) and of its totals (`counted`: without the status and overdue filters). */
export function registerFilters(
  register: Register,
  ps: PendencyScope,
  q: Pick<RegisterQuery, 'type' | 'status' | 'overdue'>,
  today: string,
): { all: Filter; counted: Filter } {
  const where = ['reg.register = ?', 'hp.office_id = any(?::uuid[])'];
  const params: unknown[] = [register, pgArray(ps.officeIds)];
  if (ps.kind === 'post') {
    where.push('b.holder_post_id = ?');
    params.push(ps.postId);
  }
  if (q.type !== 'all') {
    where.push('reg.item_type = ?');
    params.push(q.type);
  }
  const counted = { where: where.join(' and '), params: [...params] };
  if (q.status === 'pending') where.push('pi.item_id is not null');
  if (q.overdue !== undefined) {
    where.push(overdueCondition('pi.due_date', q.overdue));
    params.push(today);
  }
  return { all: { where: where.join(' and '), params }, counted };
}

export type RegisterRow = PendingRow & { set_at: Timestamp; disposed_at: Timestamp | null; pending: boolean };

/** A page of a register's entries: pending ones first, by due date, then the newest entries. */
export const registerPage = (em: EntityManager, f: Filter, o: { limit: number; offset: number; today: string }) =>
  rows<RegisterRow>(
    em,
    `select reg.item_type, reg.item_id, hp.office_id, b.holder_post_id, b.held_since, to_char(coalesce(pi.held_on, (b.held_since at time zone 'Asia/Kolkata')::date), 'YYYY-MM-DD') as held_on,
        to_char(b.started_on, 'YYYY-MM-DD') as started_on, b.priority, b.grading, reg.register, coalesce(pi.parked, false) as parked,
        to_char(pi.due_date, 'YYYY-MM-DD') as due_date, pi.due_source, b.number, b.subject, b.category, reg.reference, reg.set_at, b.disposed_at, pi.item_id is not null as pending,
        case when pi.item_id is not null then pendency_working_between(hp.office_id, pi.held_on, ?::date) else 0 end as dwell_working,
        ${overdueWorkingDaysSql('hp.office_id', 'pi.due_date')} as overdue_working,
        dr.reason, to_char(dr.expected_by, 'YYYY-MM-DD') as reason_expected_by, dr.created_at as reason_at, dr.user_id as reason_user, dr.post_id as reason_post,
        coalesce((select max(a.level) from pendency_alert a where a.item_type = reg.item_type and a.item_id = reg.item_id and a.held_since = b.held_since and a.kind = 'escalation'), 0) as level
      from ${REGISTER_FROM}
      left join lateral (select d.reason, d.expected_by, d.created_at, d.user_id, d.post_id from pendency_delay_reason d
                         where pi.item_id is not null and d.item_type = reg.item_type and d.item_id = reg.item_id and d.held_since = b.held_since and d.post_id = b.holder_post_id
                         order by d.created_at desc limit 1) dr on true
      where ${f.where}
      order by (pi.item_id is null), pi.due_date asc nulls last, reg.set_at desc, reg.item_id limit ? offset ?`,
    [o.today, o.today, o.today, ...f.params, o.limit, o.offset],
  );

export const registerCount = async (em: EntityManager, f: Filter) =>
  (await rows<{ n: number }>(em, `select count(*)::int as n from ${REGISTER_FROM} where ${f.where}`, f.params))[0]?.n ?? 0;

/** Pending, overdue and disposed entries of a register. */
export const registerTotals = async (em: EntityManager, f: Filter, today: string) =>
  (
    await rows<{ pending: number; overdue: number; disposed: number }>(
      em,
      `select count(pi.item_id)::int as pending, count(*) filter (where pi.due_date < ?::date)::int as overdue, count(*) filter (where pi.item_id is null)::int as disposed
      from ${REGISTER_FROM} where ${f.where}`,
      [today, ...f.params],
    )
  )[0];

// -------------------------------------------------------------------------------- disposal

/** Moments in a date range (IST, both ends included: `range` is from and the day after to). */
const between = (col: string) =>
  `${col} >= (?::timestamp at time zone 'Asia/Kolkata') and ${col} < (?::timestamp at time zone 'Asia/Kolkata')`;
const ofType = (alias: string, type: TypeFilter) =>
  type === 'all' ? '' : ` and ${alias}.item_type = '${type === 'file' ? 'file' : 'receipt'}'`;

/** Per post: distinct items that reached it (sent, returned or pulled back to it). */
export const receivedByPost = (em: EntityManager, posts: string, range: [string, string], type: TypeFilter) =>
  rows<{ post: string; n: number }>(
    em,
    `select m.to_post_id as post, count(distinct (m.item_type, m.item_id))::int as n from movement m
      where m.to_post_id = any(?::uuid[]) and m.kind in ('send', 'return', 'pull_back') and ${between('m.sent_at')}${ofType('m', type)} group by 1`,
    [posts, ...range],
  );

/** Per post: items it disposed of (closed, or receipts put in a file). */
export const disposedByPost = (em: EntityManager, posts: string, range: [string, string], type: TypeFilter) =>
  rows<{ post: string; n: number }>(
    em,
    `select e.post_id as post, count(*)::int as n from pendency_event e
      where e.post_id = any(?::uuid[]) and e.kind = 'disposed' and ${between('e.at')}${ofType('e', type)} group by 1`,
    [posts, ...range],
  );

/** Per post: items it sent on or returned. */
export const sentByPost = (em: EntityManager, posts: string, range: [string, string], type: TypeFilter) =>
  rows<{ post: string; n: number }>(
    em,
    `select m.from_post_id as post, count(*)::int as n from movement m
      where m.from_post_id = any(?::uuid[]) and m.kind in ('send', 'return') and ${between('m.sent_at')}${ofType('m', type)} group by 1`,
    [posts, ...range],
  );

/**
 * Per post (and, `total` 1, for all of them): how long it held the items that left it — median and 90th
 * percentile in hours from arrival (or creation, for what it opened) to leaving.
 */
export const handlingTimes = (em: EntityManager, posts: string, range: [string, string], type: TypeFilter) =>
  rows<{ post: string | null; n: number; p50: number | null; p90: number | null; total: number }>(
    em,
    `with leaving as (
        select m.item_type, m.item_id, m.from_post_id as post, m.sent_at as left_at from movement m
        where m.from_post_id = any(?::uuid[]) and m.kind in ('send', 'return') and ${between('m.sent_at')}${ofType('m', type)}
        union all
        select e.item_type, e.item_id, e.post_id, e.at from pendency_event e
        where e.post_id = any(?::uuid[]) and e.kind = 'disposed' and ${between('e.at')}${ofType('e', type)}
      ), timed as (
        select l.post, extract(epoch from l.left_at - coalesce(a.arrived,
            case when l.item_type = 'receipt' then (select r.created_at from receipt r where r.id = l.item_id and r.created_by_post_id = l.post)
                 else (select f.created_at from efile f where f.id = l.item_id and f.created_by_post_id = l.post) end)) / 3600.0 as hours
        from leaving l
        left join lateral (select max(m0.sent_at) as arrived from movement m0
          where m0.item_type = l.item_type and m0.item_id = l.item_id and m0.to_post_id = l.post and m0.kind <> 'copy' and m0.sent_at <= l.left_at) a on true
      )
      select post, count(*)::int as n, percentile_cont(0.5) within group (order by hours) as p50, percentile_cont(0.9) within group (order by hours) as p90,
        grouping(post) as total
      from timed where hours is not null and hours >= 0 group by rollup (post)`,
    [posts, ...range, posts, ...range],
  );
