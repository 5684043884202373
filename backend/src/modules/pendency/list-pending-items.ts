import type { Scope } from '../../shared/scope.js';
import { istDate } from '../../shared/dates.js';
import { pgArray } from '../../shared/persistence.js';
import { userRefs } from '../movement/movement.presenter.js';
import { loadOrg, type OrgSnapshot } from './org-snapshot.js';
import { assertInScope, resolveScope, visibleItems, type PendencyScope } from './pendency.policy.js';
import { run } from './pendency-maintenance.js';
import { summaryFilters } from './pendency-summary.js';
import { bucketRange, daysBetween } from './working-calendar.js';
import type { ItemsQuery, MineQuery, PendingItemOut, Register } from './pendency.schemas.js';

type Row = Record<string, any>;
const ORDER = {
  dwell: 'pi.held_since asc, pi.item_id',
  age: 'pi.started_on asc, pi.held_since asc, pi.item_id',
  due: 'pi.due_date asc nulls last, pi.held_since asc, pi.item_id',
} as const;

/** The WHERE of a drill-down: scope, then each filter asked for. Dates are parameters (nothing stored goes stale). */
export function itemFilters(scope: Scope, ps: PendencyScope, q: Omit<ItemsQuery, 'page' | 'pageSize' | 'sort'>, today: string) {
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
  if (q.overdue !== undefined) add(q.overdue ? 'pi.due_date < ?::date' : '(pi.due_date is null or pi.due_date >= ?::date)', today);
  if (q.noReason) add('(pi.reason_until is null or pi.reason_until < ?::date)', today);
  if (q.parked !== undefined) add(q.parked ? 'pi.parked' : 'not pi.parked');
  if (q.hidden === false && ps.kind === 'offices') {
    add(`(pi.grading = 'normal' or coalesce(pi.access_posts, '{}') && ?::uuid[])`, pgArray(scope.actor.heldPostIds));
  }
  return { where: where.join(' and '), params };
}

/**
 * One page of pending items in an order, with what a row shows looked up for the page only:
 * number and subject, register reference, the holder's delay reason for this holding, the
 * highest escalation of this holding, and working days with the holder / past due.
 */
export async function pageOfItems(scope: Scope, org: OrgSnapshot, ps: Pick<PendencyScope, 'supervised'>, f: { where: string; params: unknown[] }, o: { sort: keyof typeof ORDER; limit: number; offset: number; today: string; count?: boolean }) {
  const [rows, [count]] = await Promise.all([
    run(scope.em, `with page as (select pi.* from pendency_item pi where ${f.where} order by ${ORDER[o.sort]} limit ? offset ?)
      select page.item_type, page.item_id, page.office_id, page.holder_post_id, page.held_since, to_char(page.held_on, 'YYYY-MM-DD') as held_on,
        to_char(page.started_on, 'YYYY-MM-DD') as started_on, page.priority, page.grading, page.register, page.parked,
        to_char(page.due_date, 'YYYY-MM-DD') as due_date, page.due_source, b.number, b.subject, b.category, reg.reference,
        pendency_working_between(page.office_id, page.held_on, ?::date) as dwell_working,
        case when page.due_date < ?::date then pendency_working_between(page.office_id, page.due_date, ?::date) else 0 end as overdue_working,
        dr.reason, to_char(dr.expected_by, 'YYYY-MM-DD') as reason_expected_by, dr.created_at as reason_at, dr.user_id as reason_user, dr.post_id as reason_post,
        coalesce((select max(a.level) from pendency_alert a where a.item_type = page.item_type and a.item_id = page.item_id and a.held_since = page.held_since and a.kind = 'escalation'), 0) as level
      from page
      left join lateral (select r.diary_number as number, r.subject, r.category from receipt r where page.item_type = 'receipt' and r.id = page.item_id
                         union all select f.file_number, f.subject, f.category from efile f where page.item_type = 'file' and f.id = page.item_id) b on true
      left join pendency_register reg on reg.item_type = page.item_type and reg.item_id = page.item_id
      left join lateral (select d.reason, d.expected_by, d.created_at, d.user_id, d.post_id from pendency_delay_reason d
                         where d.item_type = page.item_type and d.item_id = page.item_id and d.held_since = page.held_since and d.post_id = page.holder_post_id
                         order by d.created_at desc limit 1) dr on true
      order by ${ORDER[o.sort].replace(/pi\./g, 'page.')}`, [...f.params, o.limit, o.offset, o.today, o.today, o.today]),
    o.count === false ? Promise.resolve([{ n: -1 }]) : run(scope.em, `select count(*)::int as n from pendency_item pi where ${f.where}`, f.params),
  ]);
  return { items: await presentRows(scope, org, ps, rows, o.today), total: Number(count?.n ?? 0) };
}

/** Page rows → the response shape; graded rows the viewer may not see keep their counts but lose their particulars. */
export async function presentRows(scope: Scope, org: OrgSnapshot, ps: Pick<PendencyScope, 'supervised'>, rows: Row[], today: string): Promise<PendingItemOut[]> {
  const visible = await visibleItems(scope.em, scope.actor, ps, rows.map((r) => ({ type: r.item_type, id: r.item_id, grading: r.grading, officeId: r.office_id })));
  const users = await userRefs(scope.em, rows.flatMap((r) => (r.reason_user ? [r.reason_user] : [])));
  return rows.map((r) => {
    const shown = visible.has(`${r.item_type}:${r.item_id}`);
    const overdue = !!r.due_date && r.due_date < today;
    return {
      type: r.item_type, id: r.item_id, hidden: !shown,
      number: shown ? (r.number ?? null) : null, subject: shown ? (r.subject ?? null) : null, category: shown ? (r.category ?? null) : null,
      grading: r.grading, priority: r.priority, register: (r.register as Register | null) ?? null, reference: shown ? (r.reference ?? null) : null,
      office: org.officeRef(r.office_id), holder: org.postRef(r.holder_post_id), heldSince: new Date(r.held_since).toISOString(), startedOn: r.started_on,
      dwellDays: Math.max(0, daysBetween(r.held_on, today)), dwellWorkingDays: Math.max(0, Number(r.dwell_working ?? 0)), ageDays: Math.max(0, daysBetween(r.started_on, today)),
      dueDate: r.due_date ?? null, dueSource: r.due_source ?? null, overdue, overdueWorkingDays: overdue ? Math.max(0, Number(r.overdue_working ?? 0)) : 0,
      reason: shown && r.reason
        ? { reason: r.reason, expectedBy: r.reason_expected_by, at: new Date(r.reason_at).toISOString(), by: users.get(r.reason_user) ?? null, post: r.reason_post ? org.postRef(r.reason_post) : null }
        : null,
      parked: Boolean(r.parked), escalationLevel: Number(r.level ?? 0),
    };
  });
}

/** The drill-down: pending items of the scope by office, section, post, bucket, overdue, … */
export async function listPendingItems(scope: Scope, q: ItemsQuery) {
  const org = await loadOrg(scope.em);
  const ps = resolveScope(scope.actor, org, q.officeId);
  assertInScope(ps, org, q);
  const today = istDate();
  const f = itemFilters(scope, ps, q, today);
  const { items, total } = await pageOfItems(scope, org, ps, f, { sort: q.sort, limit: q.pageSize, offset: (q.page - 1) * q.pageSize, today });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** Filters of "mine with others": items this post sent or returned, now pending with another post. */
export function mineFilters(postId: string, q: Pick<MineQuery, 'type' | 'overdue'>, today: string) {
  const where = [`pi.holder_post_id <> ?`, `exists (select 1 from movement m where m.item_type = pi.item_type and m.item_id = pi.item_id and m.from_post_id = ? and m.kind in ('send', 'return'))`];
  const params: unknown[] = [postId, postId];
  if (q.type !== 'all') {
    where.push('pi.item_type = ?');
    params.push(q.type);
  }
  if (q.overdue !== undefined) {
    where.push(q.overdue ? 'pi.due_date < ?::date' : '(pi.due_date is null or pi.due_date >= ?::date)');
    params.push(today);
  }
  return { where: where.join(' and '), params };
}

/** "My items pending with others": what the acting post sent on that nobody has disposed of yet. */
export async function listMineWithOthers(scope: Scope, q: MineQuery) {
  const postId = scope.actor.postId;
  if (!postId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const org = await loadOrg(scope.em);
  const today = istDate();
  const { items, total } = await pageOfItems(scope, org, { supervised: new Set() }, mineFilters(postId, q, today), { sort: q.sort, limit: q.pageSize, offset: (q.page - 1) * q.pageSize, today });
  return { items, total, page: q.page, pageSize: q.pageSize };
}
