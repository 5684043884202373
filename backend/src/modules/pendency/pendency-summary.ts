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

/**
 * Counts per holder post, in one pass over the maintained rows: age buckets on dwell and total age,
 * overdue (with and without a recorded reason), due soon, parked — "today" and "due soon" are
 * parameters, so nothing stored goes stale as days pass.
 */
export async function countByPost(scope: Scope, ps: PendencyScope, q: Pick<SummaryQuery, 'type' | 'register'>, today: string) {
  const f = summaryFilters(ps, q);
  const soon = `pendency_add_days(?::uuid, ?::date, 2, 'working')`;
  const [rows, hidden] = await Promise.all([
    run(scope.em, `select pi.holder_post_id as post,
        count(*)::int as pending, count(*) filter (where pi.item_type = 'receipt')::int as receipts, count(*) filter (where pi.item_type = 'file')::int as files,
        count(*) filter (where pi.parked)::int as parked,
        count(*) filter (where pi.due_date < t.d)::int as overdue,
        count(*) filter (where pi.due_date < t.d and (pi.reason_until is null or pi.reason_until < t.d))::int as overdue_no_reason,
        count(*) filter (where pi.due_date >= t.d and pi.due_date <= t.soon)::int as due_soon,
        count(*) filter (where pi.held_on >= t.d - 7)::int as d7, count(*) filter (where pi.held_on < t.d - 7 and pi.held_on >= t.d - 15)::int as d15,
        count(*) filter (where pi.held_on < t.d - 15 and pi.held_on >= t.d - 30)::int as d30, count(*) filter (where pi.held_on < t.d - 30)::int as d31,
        count(*) filter (where pi.started_on >= t.d - 7)::int as a7, count(*) filter (where pi.started_on < t.d - 7 and pi.started_on >= t.d - 15)::int as a15,
        count(*) filter (where pi.started_on < t.d - 15 and pi.started_on >= t.d - 30)::int as a30, count(*) filter (where pi.started_on < t.d - 30)::int as a31
      from pendency_item pi cross join (select ?::date as d, ${soon} as soon) t
      where ${f.where} group by pi.holder_post_id`, [today, ps.rootOfficeId, today, ...f.params]),
    // graded items the viewer is not on the access list of: counted, their details withheld
    ps.kind === 'post' || !scope.actor.heldPostIds.length
      ? Promise.resolve([] as Array<Record<string, any>>)
      : run(scope.em, `select pi.holder_post_id as post, count(*)::int as n from pendency_item pi
          where ${f.where} and pi.grading <> 'normal'
            and not exists (select 1 from item_access a where a.item_type = pi.item_type and a.item_id = pi.item_id and a.post_id = any(?::uuid[]))
          group by pi.holder_post_id`, [...f.params, pgArray(scope.actor.heldPostIds)]),
  ]);
  const hiddenBy = new Map(hidden.map((r) => [r.post as string, Number(r.n)]));
  const byPost = new Map<string, PendencyCounts>();
  for (const r of rows) {
    byPost.set(r.post, {
      pending: r.pending, receipts: r.receipts, files: r.files, parked: r.parked, overdue: r.overdue, overdueNoReason: r.overdue_no_reason, dueSoon: r.due_soon,
      hidden: hiddenBy.get(r.post) ?? 0,
      dwell: { upTo7: r.d7, upTo15: r.d15, upTo30: r.d30, over30: r.d31 }, age: { upTo7: r.a7, upTo15: r.a15, upTo30: r.a30, over30: r.a31 },
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
    run(scope.em, `select count(*)::int as n from pendency_item where origin_office_id = any(?::uuid[])${typeSql}`, [offices, ...typeParam]),
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
  const [byPost, trend] = await Promise.all([countByPost(scope, ps, q, today), weeklyTrend(scope, ps, q, today)]);
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
