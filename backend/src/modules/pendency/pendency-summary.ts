import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../../shared/scope.js';
import { istDate } from '../../shared/dates.js';
import { pgArray } from '../../shared/persistence.js';
import { loadOrg, type OrgSnapshot } from './org-snapshot.js';
import { resolveScope, type PendencyScope } from './pendency.policy.js';
import { ensureCalendars, run } from './pendency-maintenance.js';
import { addDays, weekStart } from './working-calendar.js';
import type { PendencyCounts, SummaryOut, SummaryQuery } from './pendency.schemas.js';

const zero = (): PendencyCounts => ({
  pending: 0, receipts: 0, files: 0, parked: 0, overdue: 0, overdueNoReason: 0, dueSoon: 0, hidden: 0,
  dwell: { upTo7: 0, upTo15: 0, upTo30: 0, over30: 0 }, age: { upTo7: 0, upTo15: 0, upTo30: 0, over30: 0 },
});
function add(a: PendencyCounts, b: PendencyCounts): void {
  for (const k of ['pending', 'receipts', 'files', 'parked', 'overdue', 'overdueNoReason', 'dueSoon', 'hidden'] as const) a[k] += b[k];
  for (const k of ['upTo7', 'upTo15', 'upTo30', 'over30'] as const) {
    a.dwell[k] += b.dwell[k];
    a.age[k] += b.age[k];
  }
}

/** Filters shared by the dashboard's queries: the scope's offices (and post), type, register. */
export function summaryFilters(scope: PendencyScope, q: Pick<SummaryQuery, 'type' | 'register'>) {
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

/** The tally rows of the scope's posts plus the changes not folded in yet (both in one snapshot). */
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
  return { sql: `(select holder_post_id, ${columns}, n from ${table} where ${w} union all select holder_post_id, ${columns}, n from pendency_delta where ${w})`, params: [...params, ...params] };
}

/**
 * Counts per holder post from the maintained tallies (pending items per post by arrival day, by
 * receipt day, by due date): a few thousand rows however many items are pending. "Today" and "due
 * soon" are parameters, so nothing stored goes stale as days pass. Graded items the viewer may not
 * see are counted from the pending rows themselves (a partial index holds only graded ones).
 */
export async function countByPost(scope: Scope, ps: PendencyScope, q: Pick<SummaryQuery, 'type' | 'register'>, today: string, org: OrgSnapshot) {
  const postIds = [...org.posts.values()].filter((p) => ps.officeIds.includes(p.officeId) && (ps.kind === 'offices' || p.id === ps.postId)).map((p) => p.id);
  const posts = pgArray(postIds);
  const held = tallySource('pendency_tally_held', 'item_type, parked, graded, held_on', posts, q);
  const started = tallySource('pendency_tally_started', 'started_on', posts, q);
  const due = tallySource('pendency_tally_due', 'due_date, reason_until', posts, q);
  const f = summaryFilters(ps, q);
  const [h, a, d, hidden] = await Promise.all([
    run(scope.em, `select holder_post_id as post, sum(n)::int as pending, coalesce(sum(n) filter (where item_type = 'receipt'), 0)::int as receipts,
        coalesce(sum(n) filter (where item_type = 'file'), 0)::int as files, coalesce(sum(n) filter (where parked), 0)::int as parked,
        coalesce(sum(n) filter (where held_on >= ?::date - 7), 0)::int as d7, coalesce(sum(n) filter (where held_on < ?::date - 7 and held_on >= ?::date - 15), 0)::int as d15,
        coalesce(sum(n) filter (where held_on < ?::date - 15 and held_on >= ?::date - 30), 0)::int as d30, coalesce(sum(n) filter (where held_on < ?::date - 30), 0)::int as d31
      from ${held.sql} x group by holder_post_id`, [today, today, today, today, today, today, ...held.params]),
    run(scope.em, `select holder_post_id as post,
        coalesce(sum(n) filter (where started_on >= ?::date - 7), 0)::int as a7, coalesce(sum(n) filter (where started_on < ?::date - 7 and started_on >= ?::date - 15), 0)::int as a15,
        coalesce(sum(n) filter (where started_on < ?::date - 15 and started_on >= ?::date - 30), 0)::int as a30, coalesce(sum(n) filter (where started_on < ?::date - 30), 0)::int as a31
      from ${started.sql} x group by holder_post_id`, [today, today, today, today, today, today, ...started.params]),
    // "due soon": within two working days on the root office's calendar, computed once
    run(scope.em, `with t as materialized (select ?::date as d, pendency_add_days(?::uuid, ?::date, 2, 'working') as soon)
      select holder_post_id as post, coalesce(sum(n) filter (where due_date < t.d), 0)::int as overdue,
        coalesce(sum(n) filter (where due_date < t.d and reason_until < t.d), 0)::int as overdue_no_reason,
        coalesce(sum(n) filter (where due_date >= t.d and due_date <= t.soon), 0)::int as due_soon
      from ${due.sql} x cross join t group by holder_post_id`, [today, ps.rootOfficeId, today, ...due.params]),
    ps.kind === 'post' || !scope.actor.heldPostIds.length
      ? Promise.resolve([] as Array<Record<string, any>>)
      : run(scope.em, `select pi.holder_post_id as post, count(*)::int as n from pendency_item pi
          where ${f.where} and pi.grading <> 'normal' and not (coalesce(pi.access_posts, '{}') && ?::uuid[])
          group by pi.holder_post_id`, [...f.params, pgArray(scope.actor.heldPostIds)]),
  ]);
  const by = (rows: Array<Record<string, any>>) => new Map(rows.map((r) => [r.post as string, r]));
  const [ages, dues, hiddenBy] = [by(a), by(d), by(hidden)];
  const byPost = new Map<string, PendencyCounts>();
  for (const r of h) {
    if (!r.pending) continue;
    const g = ages.get(r.post) ?? {};
    const u = dues.get(r.post) ?? {};
    byPost.set(r.post, {
      pending: r.pending, receipts: r.receipts, files: r.files, parked: r.parked, overdue: u.overdue ?? 0, overdueNoReason: u.overdue_no_reason ?? 0, dueSoon: u.due_soon ?? 0,
      hidden: hiddenBy.get(r.post)?.n ?? 0,
      dwell: { upTo7: r.d7, upTo15: r.d15, upTo30: r.d30, over30: r.d31 }, age: { upTo7: g.a7 ?? 0, upTo15: g.a15 ?? 0, upTo30: g.a30 ?? 0, over30: g.a31 ?? 0 },
    });
  }
  return byPost;
}

/**
 * Received, disposed and pending at each week's end for items registered in the scope's offices.
 * Finished weeks never change, so their sums are stored once (pendency_week) and only the current
 * week is counted live; pending at a week's end is today's pending less what came in since, plus
 * what went out since. A post without supervision gets no trend (it is an office figure).
 */
export async function weeklyTrend(scope: Scope, ps: PendencyScope, q: Pick<SummaryQuery, 'type' | 'weeks'>, today: string): Promise<SummaryOut['trend']> {
  if (ps.kind === 'post') return [];
  const current = weekStart(today);
  const weeks = Array.from({ length: q.weeks }, (_, i) => addDays(current, -7 * (q.weeks - 1 - i)));
  const past = weeks.slice(0, -1);
  const offices = pgArray(ps.officeIds);
  const typeSql = q.type === 'all' ? '' : ' and item_type = ?';
  const typeParam = q.type === 'all' ? [] : [q.type];
  if (past.length) await fillWeeks(scope.em, past);
  const [stored, live, [pendingNow]] = await Promise.all([
    past.length
      ? run(scope.em, `select to_char(week_start, 'YYYY-MM-DD') as week, sum(received)::int as received, sum(disposed)::int as disposed from pendency_week
          where office_id = any(?::uuid[]) and week_start = any(?::date[])${typeSql} group by week_start`, [offices, pgArray(past), ...typeParam])
      : Promise.resolve([]),
    run(scope.em, `select count(*) filter (where kind = 'received')::int as received, count(*) filter (where kind = 'disposed')::int as disposed from pendency_event
        where at >= (?::timestamp at time zone 'Asia/Kolkata') and origin_office_id = any(?::uuid[])${typeSql}`, [current, offices, ...typeParam]),
    run(scope.em, `select coalesce(sum(n), 0)::int as n from (select origin_office_id, item_type, n from pendency_tally_origin union all select origin_office_id, item_type, n from pendency_delta) x
        where origin_office_id = any(?::uuid[])${typeSql}`, [offices, ...typeParam]),
  ]);
  const byWeek = new Map<string, { received: number; disposed: number }>(stored.map((r) => [r.week, { received: r.received, disposed: r.disposed }]));
  byWeek.set(current, { received: live[0]?.received ?? 0, disposed: live[0]?.disposed ?? 0 });
  let pending = Number(pendingNow?.n ?? 0);
  const out: SummaryOut['trend'] = [];
  for (const w of [...weeks].reverse()) {
    const f = byWeek.get(w) ?? { received: 0, disposed: 0 };
    out.push({ weekStart: w, weekEnd: addDays(w, 6), received: f.received, disposed: f.disposed, pendingAtEnd: Math.max(0, pending) });
    pending = pending - f.received + f.disposed;
  }
  return out.reverse();
}

/** Sums finished weeks that are not stored yet, for every office and item type at once. */
export async function fillWeeks(em: EntityManager, weeks: string[]): Promise<void> {
  const [{ missing } = { missing: [] as string[] }] = await run(em, `select coalesce(array_agg(to_char(w, 'YYYY-MM-DD')), '{}') as missing from unnest(?::date[]) w
    where (select count(*) from pendency_week pw where pw.week_start = w) < 2 * (select count(*) from office)`, [pgArray(weeks)]);
  if (!missing.length) return;
  const from = missing.reduce((a: string, b: string) => (a < b ? a : b));
  const to = addDays(missing.reduce((a: string, b: string) => (a > b ? a : b)), 7);
  await run(em, `insert into pendency_week (office_id, week_start, item_type, received, disposed)
    select o.id, w.ws, t.item_type, coalesce(e.received, 0), coalesce(e.disposed, 0)
    from office o cross join unnest(?::date[]) w(ws) cross join (values ('receipt'), ('file')) t(item_type)
    left join (
      select origin_office_id, item_type, date_trunc('week', at at time zone 'Asia/Kolkata')::date as ws,
        count(*) filter (where kind = 'received')::int as received, count(*) filter (where kind = 'disposed')::int as disposed
      from pendency_event where at >= (?::timestamp at time zone 'Asia/Kolkata') and at < (?::timestamp at time zone 'Asia/Kolkata')
      group by 1, 2, 3
    ) e on e.origin_office_id = o.id and e.ws = w.ws and e.item_type = t.item_type
    on conflict do nothing`, [pgArray(missing), from, to]);
}

/** The pendency dashboard of the acting post's scope: office → section → post, with totals and the weekly trend. */
export async function pendencySummary(scope: Scope, q: SummaryQuery): Promise<SummaryOut> {
  const org = await loadOrg(scope.em);
  const ps = resolveScope(scope.actor, org, q.officeId);
  await ensureCalendars(scope.em);
  const asOf = new Date();
  const today = istDate(asOf);
  const [byPost, trend] = await Promise.all([countByPost(scope, ps, q, today, org), weeklyTrend(scope, ps, q, today)]);
  return { asOf: asOf.toISOString(), today, scope: { kind: ps.kind, office: org.officeRef(ps.rootOfficeId), post: org.postRef(ps.postId) }, ...tree(org, ps, byPost), trend };
}

/** Rolls the per-post counts up into sections, offices and the scope's total; every active post is listed. */
export function tree(org: OrgSnapshot, ps: PendencyScope, byPost: Map<string, PendencyCounts>) {
  const totals = zero();
  const offices = ps.offices.map(({ id, depth }) => {
    const posts = [...org.posts.values()]
      .filter((p) => p.officeId === id && (ps.kind === 'offices' || p.id === ps.postId) && (p.active || byPost.has(p.id)))
      .sort((a, b) => a.code.localeCompare(b.code));
    const bySection = new Map<string | null, typeof posts>();
    for (const p of posts) bySection.set(p.sectionId, [...(bySection.get(p.sectionId) ?? []), p]);
    const sectionIds = [...bySection.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : org.sections.get(a)!.code.localeCompare(org.sections.get(b)!.code)));
    const officeTotals = zero();
    const sections = sectionIds.map((sid) => {
      const sectionTotals = zero();
      const list = bySection.get(sid)!.map((p) => {
        const c = byPost.get(p.id) ?? zero();
        add(sectionTotals, c);
        return { post: org.postRef(p.id), totals: c };
      });
      add(officeTotals, sectionTotals);
      return { section: sid && org.sections.has(sid) ? org.sectionRef(sid) : null, totals: sectionTotals, posts: list };
    });
    add(totals, officeTotals);
    return { office: org.officeRef(id), depth, totals: officeTotals, sections };
  });
  return { totals, offices };
}
