import type { Scope } from '../../shared/scope.js';
import { postRefs } from './movement.presenter.js';
import type { InboxQuery } from './movement.schemas.js';
import { inboxSql, type InboxRow } from './movement.queries.js';
import { itemDueDates } from './item-due-dates.js';

/**
 * The acting post's receipts and files, together or apart, by tab: `inbox` (what it holds and works
 * on), `sent` (what it sent or returned, and who holds it now), `copies` (marked to it for
 * information), `parked`, `closed`. The page and the total are two statements sent together
 * (movement.queries.ts: inboxSql). Due dates and overdue are pendency's, the same as the dashboard's.
 */
export async function listInbox(scope: Scope, q: InboxQuery) {
  const postId = scope.actor.postId;
  if (!postId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { page, total } = inboxSql(postId, q);
  const conn = scope.em.getConnection();
  const [rows, [count]] = await Promise.all([
    conn.execute<InboxRow[]>(page.sql, page.params),
    conn.execute<Array<{ total: string }>>(total.sql, total.params),
  ]);
  const showHolder = q.tab === 'sent' || q.tab === 'copies';
  const [refs, dues] = await Promise.all([
    postRefs(
      scope.em,
      rows.flatMap((r) => [r.from_post, showHolder ? r.holder_post_id : null].filter((p): p is string => !!p)),
    ),
    itemDueDates.use.ofItems(
      scope.em,
      rows.map((r) => ({ type: r.type, id: r.id })),
    ),
  ]);
  const noDue = { dueDate: null, overdue: false, overdueWorkingDays: 0 };
  return {
    items: rows.map((r) => ({
      type: r.type,
      id: r.id,
      version: Number(r.version),
      status: r.status,
      number: r.number ?? null,
      subject: r.subject ?? null,
      sender: r.sender ?? null,
      category: r.category ?? null,
      officeId: r.office_id,
      pageCount: Number(r.page_count),
      priority: r.priority,
      grading: r.grading,
      ...(dues.get(`${r.type}:${r.id}`) ?? noDue),
      since: new Date(r.since).toISOString(),
      createdAt: new Date(r.created_at).toISOString(),
      from: q.tab === 'sent' ? null : r.from_post ? (refs.get(r.from_post) ?? null) : null,
      to: showHolder ? (refs.get(r.holder_post_id) ?? null) : null,
      remarks: r.remarks ?? null,
      unread: Boolean(r.unread),
    })),
    total: Number(count?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}
