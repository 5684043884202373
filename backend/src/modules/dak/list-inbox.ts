import type { Scope } from '../../shared/scope.js';
import { postRefs } from './dak.presenter.js';
import type { InboxQuery } from './dak.schemas.js';

const PRIORITY_ORDER = `case r.priority when 'most_immediate' then 0 when 'immediate' then 1 else 2 end`;

/**
 * The acting post's receipts: `inbox` (what it holds), `sent` (what it sent and who holds it now),
 * `copies` (marked to it for information). Sorted by priority then age, or by due date.
 */
export async function listInbox(scope: Scope, q: InboxQuery) {
  const postId = scope.actor.postId;
  if (!postId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const where: string[] = [];
  const params: unknown[] = [];
  let from = 'receipt r';
  let since = 'r.held_since';
  let movementCols = 'null::uuid as from_post, null::uuid as to_post, null::text as remarks';
  if (q.tab === 'inbox') {
    where.push('r.holder_post_id = ?');
    params.push(postId);
    // the move that brought it here, for "from" and remarks
    from = `receipt r left join lateral (select m.from_post_id, m.remarks from movement m where m.item_type = 'receipt' and m.item_id = r.id and m.to_post_id = r.holder_post_id and m.kind in ('send','return','pull_back') order by m.sent_at desc limit 1) lm on true`;
    movementCols = 'lm.from_post_id as from_post, null::uuid as to_post, lm.remarks';
  } else if (q.tab === 'sent') {
    from = `receipt r join lateral (select m.sent_at, m.remarks from movement m where m.item_type = 'receipt' and m.item_id = r.id and m.from_post_id = ? and m.kind = 'send' order by m.sent_at desc limit 1) lm on true`;
    params.push(postId);
    since = 'lm.sent_at';
    movementCols = 'null::uuid as from_post, r.holder_post_id as to_post, lm.remarks';
  } else {
    from = `receipt r join lateral (select m.sent_at, m.from_post_id, m.remarks, m.opened_at from movement m where m.item_type = 'receipt' and m.item_id = r.id and m.to_post_id = ? and m.kind = 'copy' order by m.sent_at desc limit 1) lm on true`;
    params.push(postId);
    since = 'lm.sent_at';
    movementCols = 'lm.from_post_id as from_post, null::uuid as to_post, lm.remarks';
  }
  for (const [sql, value] of [['r.priority = ?', q.priority], ['r.grading = ?', q.grading], ['r.status = ?', q.status]] as const) {
    if (value === undefined) continue;
    where.push(sql);
    params.push(value);
  }
  if (q.unread !== undefined && q.tab === 'inbox') where.push(q.unread ? 'r.opened_at is null' : 'r.opened_at is not null');
  const order = q.sort === 'due' ? 'r.due_date asc nulls last, since asc' : q.sort === 'received' ? 'since desc' : `${PRIORITY_ORDER}, since asc`;
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';
  const conn = scope.em.getConnection();
  const rows = await conn.execute<Array<Record<string, any>>>(
    `select r.id, r.status, r.page_count, r.diary_number, r.subject, r.sender, r.priority, r.grading, r.due_date, r.opened_at, ${since} as since, ${movementCols}, count(*) over () as total
     from ${from} ${whereSql} order by ${order} limit ? offset ?`,
    [...params, q.pageSize, (q.page - 1) * q.pageSize],
  );
  const refs = await postRefs(scope.em, rows.flatMap((r) => [r.from_post, r.to_post].filter(Boolean)));
  const dateOnly = (d: unknown) => (d ? (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10)) : null);
  return {
    items: rows.map((r) => ({
      type: 'receipt' as const, id: r.id, status: r.status, pageCount: Number(r.page_count), diaryNumber: r.diary_number, subject: r.subject, sender: r.sender, priority: r.priority, grading: r.grading,
      dueDate: dateOnly(r.due_date), since: new Date(r.since).toISOString(), from: r.from_post ? refs.get(r.from_post)! : null, to: r.to_post ? refs.get(r.to_post)! : null,
      remarks: r.remarks ?? null, unread: q.tab === 'inbox' ? r.opened_at === null : false,
    })),
    total: Number(rows[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}
