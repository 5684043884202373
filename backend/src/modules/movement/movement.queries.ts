import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../shared/persistence.js';
import type { SqlTx } from '../../shared/sql-transaction.js';
import { PRIORITY_RANK } from '../../shared/items.js';
import { grantSql, refVisibleSql, visibleSql, type Grant, type SqlPart } from './access.js';
import type { ItemType, Movement } from './movement.entity.js';
import type { MovableRow } from './movable.js';
import type { LastMove } from './movement.policy.js';
import type { InboxQuery } from './movement.schemas.js';
import { itemDueDates } from './item-due-dates.js';

/** Timestamps come back from the driver as text (or Date); null stays null. */
export const date = (v: unknown): Date | null => (v == null ? null : new Date(v as string));

// ---------------------------------------------------------------------------------------------- moving an item

interface LockedRow {
  id: string;
  status: string;
  holder_post_id: string;
  created_by_post_id: string;
  version: number;
  priority: string;
  due_date: string | null;
  opened_at: string | Date | null;
  parked_at: string | Date | null;
  visible: boolean;
  targets_found?: number;
}

/**
 * Locks an item's row (FOR UPDATE) in one statement that also says whether one of `posts` may see it
 * (the access rule) and, for a send, how many of `targets` are active posts. Undefined when no row.
 */
export async function lockItem(
  tx: SqlTx,
  item: { table: string; type: ItemType; id: string },
  posts: readonly string[],
  targets?: string[],
) {
  const visible = visibleSql('x', item.type, posts);
  const params: unknown[] = [...visible.params];
  if (targets) params.push(pgArray(targets));
  params.push(item.id);
  const [[r] = []] = (await tx.query(
    `select x.id, x.status, x.holder_post_id, x.created_by_post_id, x.version, x.priority, x.due_date::text as due_date, x.opened_at, x.parked_at,
            ${visible.sql} as visible${targets ? ', (select count(*) from post p where p.id = any(?::uuid[]) and p.active)::int as targets_found' : ''}
     from ${item.table} x where x.id = ? for update of x`,
    params,
  )) as LockedRow[][];
  if (!r) return undefined;
  const row: MovableRow = {
    id: r.id,
    status: r.status,
    holderPostId: r.holder_post_id,
    createdByPostId: r.created_by_post_id,
    version: r.version,
    priority: r.priority,
    dueDate: r.due_date ?? null,
    openedAt: date(r.opened_at),
    parkedAt: date(r.parked_at),
  };
  return { row, visible: Boolean(r.visible), targetsFound: r.targets_found };
}

/** The last move that changed the item's holder (send, pull back, return), or null. */
export async function lastHolderMove(tx: SqlTx, type: ItemType, id: string): Promise<LastMove | null> {
  const [[m] = []] = (await tx.query(
    `select kind, from_post_id, to_post_id, opened_at from movement where item_type = ? and item_id = ? and kind in ('send', 'pull_back', 'return') order by sent_at desc limit 1`,
    [type, id],
  )) as Array<Array<{ kind: string; from_post_id: string; to_post_id: string; opened_at: string | Date | null }>>;
  return m ? { kind: m.kind, fromPostId: m.from_post_id, toPostId: m.to_post_id, openedAt: date(m.opened_at) } : null;
}

/** Everything a move writes, in one statement. */
export interface MoveWrite {
  type: ItemType;
  table: string;
  id: string;
  sentBy: string;
  movements: Array<{ id: string; kind: Movement['kind']; from: string; to: string; opened: boolean }>;
  remarks: string | null;
  priority: string;
  dueDate: string | null;
  grants: Grant[];
  /** The kind's work when the item leaves its holder (a data-modifying CTE body), if it leaves. */
  leave: SqlPart | null;
  /** Columns of the item to set; version and updated_at always move on. */
  set: Record<string, unknown>;
  now: Date;
}

/**
 * One statement: the movement rows, the access grants and the kind's leave work as data-modifying
 * CTEs around the update of the item (they touch different tables, so one snapshot serves them all).
 * Returns the item's new state (`movedState` reads it).
 */
export function moveSql(w: MoveWrite): SqlPart {
  const ctes: string[] = [];
  const params: unknown[] = [];
  if (w.movements.length) {
    ctes.push(`moved as (insert into movement (id, item_type, item_id, kind, from_post_id, to_post_id, sent_by_id, remarks, priority, due_date, sent_at, opened_at, opened_by_id)
      values ${w.movements.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?, ?, ?)').join(', ')})`);
    for (const mv of w.movements)
      params.push(
        mv.id,
        w.type,
        w.id,
        mv.kind,
        mv.from,
        mv.to,
        w.sentBy,
        w.remarks,
        w.priority,
        w.dueDate,
        w.now,
        mv.opened ? w.now : null,
        mv.opened ? w.sentBy : null,
      );
  }
  if (w.grants.length) {
    const granted = grantSql(w.type, w.id, w.grants, w.now);
    ctes.push(`granted as (${granted.sql})`);
    params.push(...granted.params);
  }
  if (w.leave) {
    ctes.push(`leave as (${w.leave.sql})`);
    params.push(...w.leave.params);
  }
  const set = Object.entries(w.set);
  params.push(...set.map(([, v]) => v), w.now, w.id);
  return {
    sql: `${ctes.length ? `with ${ctes.join(', ')}\n` : ''}update ${w.table} set ${set.map(([c]) => `${c} = ?`).join(', ')}, version = version + 1, updated_at = ?
     where id = ? returning id, version, status, holder_post_id, held_since, parked_at, closed_at`,
    params,
  };
}

/** The item's state as `moveSql` returns it. */
export function movedState(r: Record<string, unknown>) {
  return {
    version: r.version as number,
    status: r.status as string,
    holderPostId: r.holder_post_id as string,
    heldSince: date(r.held_since)!,
    parkedAt: date(r.parked_at),
    closedAt: date(r.closed_at),
  };
}

/** Marks the item opened by its holder's first look after a move; false when it is not (or no longer) theirs to open. */
export async function markItemOpened(em: EntityManager, table: string, id: string, postId: string, now: Date): Promise<boolean> {
  const { affectedRows } = await em
    .getConnection()
    .execute<{ affectedRows: number }>(
      `update ${table} set opened_at = ? where id = ? and opened_at is null and holder_post_id = ?`,
      [now, id, postId],
      'run',
      em.getTransactionContext(),
    );
  return affectedRows > 0;
}

// ---------------------------------------------------------------------------------------------- the inbox

type Table = { type: ItemType; table: string; number: string; sender: string; pages: string; live: string };
const TABLES: Table[] = [
  {
    type: 'receipt',
    table: 'receipt',
    number: 'x.diary_number',
    sender: 'x.sender',
    pages: 'x.page_count',
    live: `x.status in ('draft', 'diarised')`,
  },
  { type: 'file', table: 'efile', number: 'x.file_number', sender: 'null::text', pages: '0', live: `x.status = 'open'` },
  { type: 'appln', table: 'application', number: 'x.reference_number', sender: 'x.applicant_name', pages: '0', live: `x.status = 'open'` },
];
const RANK = PRIORITY_RANK('x.priority');

/** One row of an inbox page, with the "from" and remarks of the move that brought it. */
export interface InboxRow {
  type: ItemType;
  id: string;
  status: string;
  number: string | null;
  version: number;
  subject: string | null;
  sender: string | null;
  category: string | null;
  office_id: string;
  page_count: number | string;
  priority: string;
  rank: number;
  grading: string;
  due_date: string | Date | null;
  created_at: string | Date;
  holder_post_id: string;
  since: string | Date;
  unread: boolean;
  via: string | null;
  from_post: string | null;
  remarks: string | null;
}

/**
 * The statements of an inbox page and its total, for the acting post and tab (list-inbox.ts): the page
 * is chosen first on indexed columns; the "from" and remarks of the rows on it are looked up after.
 */
export function inboxSql(postId: string, q: InboxQuery): { page: SqlPart; total: SqlPart } {
  const limit = q.page * q.pageSize;
  const dues = itemDueDates.use;
  const parts = TABLES.filter((t) => q.type === 'all' || q.type === t.type).map((t) => {
    // the due date is pendency's (explicit, else rule or register on the working calendar), not the item's explicit column
    const due = dues.dueDateSql(t.type, 'x');
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
        const visible = visibleSql('x', t.type, [postId]);
        where.push(visible.sql);
        params.push(...visible.params);
      }
      since = 'm.sent_at';
      via = 'm.id';
      unread = q.tab === 'copies' ? 'm.opened_at is null' : 'false';
    }
    for (const [sql, value] of [
      ['x.priority = ?', q.priority],
      ['x.grading = ?', q.grading],
      ['x.office_id = ?', q.officeId],
      ['x.category = ?', q.category],
      ['x.status = ?', q.status],
    ] as const) {
      if (value === undefined) continue;
      where.push(sql);
      params.push(value);
    }
    if (q.overdue !== undefined) {
      const overdue = dues.overdueSql(due, q.overdue);
      where.push(overdue.sql);
      params.push(...overdue.params);
    }
    if (q.unread !== undefined) where.push(q.unread ? unread : `not (${unread})`);
    const whereSql = where.length ? ` where ${where.join(' and ')}` : '';
    // each side is cut to the page's end in its own (index) order before the two are merged
    const order = {
      priority: `${RANK}, ${since} asc`,
      received: `${since} desc`,
      due: `${due} asc nulls last, ${since} asc`,
      age: 'x.created_at asc',
    }[q.sort];
    return {
      rows: `(select '${t.type}'::text as type, x.id, x.version, x.status, ${t.number} as number, x.subject, ${t.sender} as sender, x.category, x.office_id, ${t.pages} as page_count,
          x.priority, ${RANK} as rank, x.grading, ${due} as due_date, x.created_at, x.holder_post_id, ${since} as since, ${unread} as unread, ${via} as via
        from ${from}${whereSql} order by ${order} limit ${limit})`,
      count: `(select count(*) from ${from}${whereSql})`,
      params,
    };
  });
  const order = { priority: 'rank, since asc', received: 'since desc', due: 'due_date asc nulls last, since asc', age: 'created_at asc' }[
    q.sort
  ];
  const params = parts.flatMap((p) => p.params);
  return {
    page: {
      sql: `with page as (select u.* from (${parts.map((p) => p.rows).join(' union all ')}) u order by ${order}, id limit ? offset ?)
       select page.*, coalesce(vm.from_post_id, lm.from_post_id) as from_post, coalesce(vm.remarks, lm.remarks) as remarks
       from page
       left join movement vm on vm.id = page.via
       left join lateral (select m.from_post_id, m.remarks from movement m where page.via is null and m.item_type = page.type and m.item_id = page.id
                            and m.to_post_id = page.holder_post_id and m.kind in ('send', 'return', 'pull_back') order by m.sent_at desc limit 1) lm on true
       order by ${order.replace(/(^|, )(\w)/g, '$1page.$2')}, page.id`,
      params: [...params, q.pageSize, (q.page - 1) * q.pageSize],
    },
    total: { sql: `select ${parts.map((p) => p.count).join(' + ')} as total`, params },
  };
}

export interface InboxCountsRow {
  inbox: string;
  unread: string;
  copies: string;
  parked: string;
  overdue: string;
}

/** The counts of the acting post's inbox tabs, in one statement (inbox-counts.ts). */
export function inboxCountsSql(postId: string): SqlPart {
  const visible = refVisibleSql('m.item_type', 'm.item_id', { sql: 'array[m.to_post_id]' });
  const dues = itemDueDates.use;
  const held = (type: ItemType, table: string, live: string) =>
    `select x.parked_at, x.opened_at, ${dues.dueDateSql(type, 'x')} as due_date from ${table} x where x.holder_post_id = ? and ${live}`;
  const overdue = dues.overdueSql('due_date', true);
  return {
    sql: `with held as (${TABLES.map((t) => held(t.type, t.table, t.live)).join(' union all ')})
     select count(*) filter (where parked_at is null) as inbox, count(*) filter (where parked_at is null and opened_at is null) as unread,
            count(*) filter (where parked_at is not null) as parked, count(*) filter (where ${overdue.sql}) as overdue,
            (select count(*) from movement m where m.to_post_id = ? and m.kind = 'copy' and m.opened_at is null
              and ${visible.sql}) as copies
     from held`,
    params: [...TABLES.map(() => postId), ...overdue.params, postId, ...visible.params],
  };
}
