import type { Scope } from '../../shared/scope.js';
import { istDate } from '../../shared/dates.js';
import { userRefs } from '../movement/index.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import { assertInScope, pendingItemRefusal, resolveScope, visibleItems, type PendencyScope } from './pendency.policy.js';
import { nudgedOn } from './notifications.queries.js';
import { itemFilters, mineFilters, pendingCount, pendingPage, type Filter, type ORDER, type PendingRow } from './reports.queries.js';
import { daysBetween } from './working-calendar.js';
import { isOverdue } from './due-dates.js';
import type { ItemsQuery, MineQuery, PendingItemOut } from './pendency.schemas.js';

/**
 * One page of pending items in an order, with what a row shows looked up for the page only:
 * number and subject, register reference, the holder's delay reason for this holding, the
 * highest escalation of this holding, and working days with the holder / past due.
 */
export async function pageOfItems(
  scope: Scope,
  org: OrgSnapshot,
  ps: Pick<PendencyScope, 'supervised'>,
  f: Filter,
  o: { sort: keyof typeof ORDER; limit: number; offset: number; today: string; count?: boolean },
) {
  const [rows, total] = await Promise.all([
    pendingPage(scope.em, f, o),
    o.count === false ? Promise.resolve(-1) : pendingCount(scope.em, f),
  ]);
  return { items: await presentRows(scope, org, ps, rows, o.today), total };
}

/** Page rows → the response shape; graded rows the viewer may not see keep their counts but lose their particulars. */
export async function presentRows(
  scope: Scope,
  org: OrgSnapshot,
  ps: Pick<PendencyScope, 'supervised'>,
  rows: PendingRow[],
  today: string,
): Promise<PendingItemOut[]> {
  const visible = await visibleItems(
    scope.em,
    scope.actor,
    ps,
    rows.map((r) => ({ type: r.item_type, id: r.item_id, grading: r.grading, officeId: r.office_id })),
  );
  const users = await userRefs(
    scope.em,
    rows.flatMap((r) => (r.reason_user ? [r.reason_user] : [])),
  );
  const nudged = await nudgedOn(
    scope.em,
    rows.map((r) => ({ type: r.item_type, id: r.item_id })),
    today,
  );
  const pendingRow = (r: PendingRow) => (r as PendingRow & { pending?: boolean }).pending ?? true;
  return rows.map((r) => {
    const shown = visible.has(`${r.item_type}:${r.item_id}`);
    const overdue = isOverdue(r.due_date, today);
    return {
      type: r.item_type,
      id: r.item_id,
      hidden: !shown,
      number: shown ? (r.number ?? null) : null,
      subject: shown ? (r.subject ?? null) : null,
      category: shown ? (r.category ?? null) : null,
      grading: r.grading,
      priority: r.priority,
      register: r.register ?? null,
      reference: shown ? (r.reference ?? null) : null,
      office: org.officeRef(r.office_id),
      holder: org.postRef(r.holder_post_id),
      heldSince: new Date(r.held_since).toISOString(),
      startedOn: r.started_on,
      dwellDays: Math.max(0, daysBetween(r.held_on, today)),
      dwellWorkingDays: Math.max(0, Number(r.dwell_working ?? 0)),
      ageDays: Math.max(0, daysBetween(r.started_on, today)),
      dueDate: r.due_date ?? null,
      dueSource: r.due_source ?? null,
      overdue,
      overdueWorkingDays: overdue ? Math.max(0, Number(r.overdue_working ?? 0)) : 0,
      reason:
        shown && r.reason
          ? {
              reason: r.reason,
              expectedBy: r.reason_expected_by!,
              at: new Date(r.reason_at!).toISOString(),
              by: users.get(r.reason_user!) ?? null,
              post: r.reason_post ? org.postRef(r.reason_post) : null,
            }
          : null,
      parked: Boolean(r.parked),
      escalationLevel: Number(r.level ?? 0),
      abilities: Object.fromEntries(
        (['recordReason', 'setRegister', 'remind'] as const).map((a) => [
          a,
          shown &&
            !pendingItemRefusal(
              scope.actor,
              org,
              { pending: pendingRow(r), holderPostId: r.holder_post_id, remindedToday: nudged.has(`${r.item_type}:${r.item_id}`) },
              a,
            ),
        ]),
      ) as PendingItemOut['abilities'],
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
  const { items, total } = await pageOfItems(scope, org, ps, f, {
    sort: q.sort,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
    today,
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** "My items pending with others": what the acting post sent on that nobody has disposed of yet. */
export async function listMineWithOthers(scope: Scope, q: MineQuery) {
  const postId = scope.actor.postId;
  if (!postId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const org = await loadOrg(scope.em);
  const today = istDate();
  const { items, total } = await pageOfItems(scope, org, { supervised: new Set() }, mineFilters(postId, q, today), {
    sort: q.sort,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
    today,
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}
