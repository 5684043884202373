import type { Scope } from '../../shared/scope.js';
import { istDate } from '../../shared/dates.js';
import { PRIORITY_RANK } from '../dak/dak.entity.js';
import { postRefs } from './movement.presenter.js';
import type { InboxQuery } from './movement.schemas.js';

type Table = { type: 'receipt' | 'file'; table: string; number: string; sender: string; pages: string; live: string };
const TABLES: Table[] = [
  { type: 'receipt', table: 'receipt', number: 'x.diary_number', sender: 'x.sender', pages: 'x.page_count', live: `x.status in ('draft', 'diarised')` },
  { type: 'file', table: 'efile', number: 'x.file_number', sender: 'null::text', pages: '0', live: `x.status = 'open'` },
];
const RANK = PRIORITY_RANK('x.priority');

/**
 * The acting post's receipts and files, together or apart, by tab: `inbox` (what it holds and works
 * on), `sent` (what it sent or returned, and who holds it now), `copies` (marked to it for
 * information), `parked`, `closed`. The page is chosen first on indexed columns; the "from" and
 * remarks of the rows on the page are looked up after.
 */
export async function listInbox(scope: Scope, q: InboxQuery) {
  const postId = scope.actor.postId;
  if (!postId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const limit = q.page * q.pageSize;
  const parts = TABLES.filter((t) => q.type === 'all' || q.type === t.type).map((t) => {
    const where: string[] = [];
    const params: unknown[] = [];
    let from = `${t.table} x`;
    let since = 'x.held_since';
    let unread = 'x.opened_at is null';
    let via = 'null::uuid';
    if (q.tab === 'inbox' || q.tab === 'parked' || q.tab === 'closed') {
      where.push('x.holder_post_id = ?');
      params.push(postId);
      if (q.tab === 'closed') {
        where.push(`x.status = 'closed'`);
        since = 'x.closed_at';
        unread = 'false';
      } else {
        // the same predicates as the partial indexes of the working inbox (dak.entity.ts, files.entity.ts)
        where.push(t.live, q.tab === 'inbox' ? 'x.parked_at is null' : 'x.parked_at is not null');
        if (q.tab === 'parked') {
          since = 'x.parked_at';
          unread = 'false';
        }
      }
    } else {
      const kinds = q.tab === 'sent' ? `('send', 'return')` : `('copy')`;
      const who = q.tab === 'sent' ? 'from_post_id' : 'to_post_id';
      from = `(select distinct on (m.item_id) m.item_id, m.id, m.sent_at, m.opened_at from movement m where m.item_type = '${t.type}' and m.${who} = ? and m.kind in ${kinds} order by m.item_id, m.sent_at desc) m join ${t.table} x on x.id = m.item_id`;
      params.push(postId);
      // a copy whose access was withdrawn (its grading was raised since) is gone from the list
      if (q.tab === 'copies') {
        where.push(`exists (select 1 from item_access a where a.item_type = '${t.type}' and a.item_id = x.id and a.post_id = ?)`);
        params.push(postId);
      }
      since = 'm.sent_at';
      via = 'm.id';
      unread = q.tab === 'copies' ? 'm.opened_at is null' : 'false';
    }
    for (const [sql, value] of [['x.priority = ?', q.priority], ['x.grading = ?', q.grading], ['x.office_id = ?', q.officeId], ['x.category = ?', q.category], ['x.status = ?', q.status]] as const) {
      if (value === undefined) continue;
      where.push(sql);
      params.push(value);
    }
    if (q.overdue !== undefined) {
      where.push(q.overdue ? 'x.due_date < ?' : '(x.due_date is null or x.due_date >= ?)');
      params.push(istDate());
    }
    if (q.unread !== undefined) where.push(q.unread ? unread : `not (${unread})`);
    const whereSql = where.length ? ` where ${where.join(' and ')}` : '';
    // each side is cut to the page's end in its own (index) order before the two are merged
    const order = { priority: `${RANK}, ${since} asc`, received: `${since} desc`, due: `x.due_date asc nulls last, ${since} asc`, age: 'x.created_at asc' }[q.sort];
    return {
      rows: `(select '${t.type}'::text as type, x.id, x.status, ${t.number} as number, x.subject, ${t.sender} as sender, x.category, x.office_id, ${t.pages} as page_count,
          x.priority, ${RANK} as rank, x.grading, x.due_date, x.created_at, x.holder_post_id, ${since} as since, ${unread} as unread, ${via} as via
        from ${from}${whereSql} order by ${order} limit ${limit})`,
      count: `(select count(*) from ${from}${whereSql})`,
      params,
    };
  });
  const order = { priority: 'rank, since asc', received: 'since desc', due: 'due_date asc nulls last, since asc', age: 'created_at asc' }[q.sort];
  const params = parts.flatMap((p) => p.params);
  const conn = scope.em.getConnection();
  const [rows, [count]] = await Promise.all([
    conn.execute<Array<Record<string, any>>>(
      `with page as (select u.* from (${parts.map((p) => p.rows).join(' union all ')}) u order by ${order}, id limit ? offset ?)
       select page.*, coalesce(vm.from_post_id, lm.from_post_id) as from_post, coalesce(vm.remarks, lm.remarks) as remarks
       from page
       left join movement vm on vm.id = page.via
       left join lateral (select m.from_post_id, m.remarks from movement m where page.via is null and m.item_type = page.type and m.item_id = page.id
                            and m.to_post_id = page.holder_post_id and m.kind in ('send', 'return', 'pull_back') order by m.sent_at desc limit 1) lm on true
       order by ${order.replace(/(^|, )(\w)/g, '$1page.$2')}, page.id`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    ),
    conn.execute<Array<{ total: string }>>(`select ${parts.map((p) => p.count).join(' + ')} as total`, params),
  ]);
  const showHolder = q.tab === 'sent' || q.tab === 'copies';
  const refs = await postRefs(scope.em, rows.flatMap((r) => [r.from_post, showHolder ? r.holder_post_id : null].filter(Boolean)));
  const dateOnly = (d: unknown) => (d ? (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10)) : null);
  return {
    items: rows.map((r) => ({
      type: r.type as 'receipt' | 'file', id: r.id as string, status: r.status as string, number: r.number ?? null, subject: r.subject ?? null, sender: r.sender ?? null,
      category: r.category ?? null, officeId: r.office_id as string, pageCount: Number(r.page_count), priority: r.priority, grading: r.grading, dueDate: dateOnly(r.due_date),
      since: new Date(r.since).toISOString(), createdAt: new Date(r.created_at).toISOString(),
      from: q.tab === 'sent' ? null : r.from_post ? (refs.get(r.from_post) ?? null) : null, to: showHolder ? (refs.get(r.holder_post_id) ?? null) : null,
      remarks: r.remarks ?? null, unread: Boolean(r.unread),
    })),
    total: Number(count?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}
