import type { EntityManager } from '@mikro-orm/postgresql';
import type { Register } from '../../shared/registers.js';
import type { ItemType } from '../movement/index.js';

/**
 * The SQL of pendency's own rows (the pending row of an item, its register, delay reasons and alerts),
 * one named function per statement with its rows typed. Pendency's tables have no ORM entities (see
 * pendency.tables.ts); reports.queries.ts, calendar.queries.ts and notifications.queries.ts hold the rest.
 * Timestamps come back as the driver gives them (text or Date): callers wrap them in `new Date()`.
 */
export function rows<R>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<R[]> {
  return em.getConnection().execute<R[]>(sql, [...params], 'all', em.getTransactionContext());
}

type Timestamp = string | Date;

// -------------------------------------------------------------------------------- the pending row

const COLUMNS = `item_type, item_id, office_id, section_id, holder_post_id, held_since, held_on, started_on, origin_office_id, priority, grading, category,
  register, parked, explicit_due, rule_due, register_due, due_date, due_source, remind_on, reason_until, access_posts`;
const UPDATE_SET = COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'item_type' && c !== 'item_id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

/** Recomputes one item's pendency row (after its register or delay reason changed); the triggers do it for moves. */
export async function refreshItem(em: EntityManager, type: string, id: string): Promise<void> {
  await rows(em, 'select pendency_refresh(?, ?)', [type, id]);
}

/** Recomputes every pending item's row from the view (after rules or calendars changed); drops rows of items no longer pending. */
export async function refreshAllItems(em: EntityManager): Promise<void> {
  await rows(
    em,
    `insert into pendency_item (${COLUMNS}) select ${COLUMNS} from pendency_source
    on conflict (item_type, item_id) do update set ${UPDATE_SET}
    where (pendency_item.*) is distinct from (excluded.*)`,
  );
  await rows(
    em,
    `delete from pendency_item pi where not exists (select 1 from pendency_source s where s.item_type = pi.item_type and s.item_id = pi.item_id)`,
  );
}

/** Every pending item's row afresh from the view (a rebuild). */
export async function replaceAllItems(em: EntityManager): Promise<void> {
  await rows(em, 'delete from pendency_item');
  await rows(em, `insert into pendency_item (${COLUMNS}) select ${COLUMNS} from pendency_source`);
}

/** The pending row of an item, locked against a concurrent move (moves rewrite it through the triggers). */
export const lockPendingRow = (em: EntityManager, type: string, id: string) =>
  rows<{ holder_post_id: string; held_since: Timestamp }>(
    em,
    'select holder_post_id, held_since from pendency_item where item_type = ? and item_id = ? for update',
    [type, id],
  );

/**
 * What pendency needs to know of an item for a viewer: grading, holder, whether pending, and `access`:
 * the access module's visibility rule (`visibleSql` for alias r / f) for the viewer's posts.
 */
export function itemFacts(em: EntityManager, type: ItemType, id: string, access: { sql: string; params: unknown[] }) {
  return rows<{ grading: string; holder_post_id: string; pending: boolean; access: boolean }>(
    em,
    type === 'receipt'
      ? `select r.grading, r.holder_post_id, r.status in ('draft', 'diarised') as pending, ${access.sql} as access from receipt r where r.id = ?`
      : `select f.grading, f.holder_post_id, f.status = 'open' as pending, ${access.sql} as access from efile f where f.id = ?`,
    [...access.params, id],
  );
}

/** How an item's due date was reached: each candidate, the reminder day and the holder rule that applied. */
export const itemDue = (em: EntityManager, type: string, id: string) =>
  rows<{
    explicit: string | null;
    rule: string | null;
    register: string | null;
    remind_on: string | null;
    days: number | null;
    day_kind: 'working' | 'calendar' | null;
  }>(
    em,
    `select to_char(pi.explicit_due, 'YYYY-MM-DD') as explicit, to_char(pi.rule_due, 'YYYY-MM-DD') as rule, to_char(pi.register_due, 'YYYY-MM-DD') as register,
        to_char(pi.remind_on, 'YYYY-MM-DD') as remind_on, r.days, r.day_kind
      from pendency_item pi left join lateral (
        select r.days, r.day_kind from pendency_rule r
        where r.basis = 'holder' and (r.register is null or r.register = pi.register) and (r.category is null or lower(r.category) = lower(pi.category)) and (r.priority is null or r.priority = pi.priority)
        order by (r.register is not null)::int * 4 + (r.category is not null)::int * 2 + (r.priority is not null)::int desc, r.days limit 1) r on true
      where pi.item_type = ? and pi.item_id = ?`,
    [type, id],
  );

/** A supervising post's read-only access to an item it inspects (nothing changes for a post already on the list). */
// -------------------------------------------------------------------------------- delay reasons

export async function insertDelayReason(
  em: EntityManager,
  r: { id: string; type: string; itemId: string; postId: string; heldSince: Timestamp; reason: string; expectedBy: string; userId: string },
): Promise<void> {
  await rows(
    em,
    `insert into pendency_delay_reason (id, item_type, item_id, post_id, held_since, reason, expected_by, user_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
    [r.id, r.type, r.itemId, r.postId, r.heldSince, r.reason, r.expectedBy, r.userId],
  );
}

export const delayReasons = (em: EntityManager, type: string, id: string) =>
  rows<{ reason: string; expected_by: string; created_at: Timestamp; user_id: string; post_id: string }>(
    em,
    `select d.reason, to_char(d.expected_by, 'YYYY-MM-DD') as expected_by, d.created_at, d.user_id, d.post_id from pendency_delay_reason d
      where d.item_type = ? and d.item_id = ? order by d.created_at desc`,
    [type, id],
  );

// -------------------------------------------------------------------------------- registers

export const itemRegister = (em: EntityManager, type: string, id: string) =>
  rows<{ register: Register; reference: string | null }>(
    em,
    'select register, reference from pendency_register where item_type = ? and item_id = ?',
    [type, id],
  );

export async function upsertItemRegister(
  em: EntityManager,
  r: { type: string; id: string; register: Register; reference: string | null; postId: string | null; userId: string | null },
): Promise<void> {
  await rows(
    em,
    `insert into pendency_register (item_type, item_id, register, reference, set_by_post_id, set_by_user_id, set_at) values (?, ?, ?, ?, ?, ?, now())
      on conflict (item_type, item_id) do update set register = excluded.register, reference = excluded.reference, set_by_post_id = excluded.set_by_post_id,
        set_by_user_id = excluded.set_by_user_id, set_at = case when pendency_register.register = excluded.register then pendency_register.set_at else excluded.set_at end`,
    [r.type, r.id, r.register, r.reference, r.postId, r.userId],
  );
}

export async function deleteItemRegister(em: EntityManager, type: string, id: string): Promise<void> {
  await rows(em, 'delete from pendency_register where item_type = ? and item_id = ?', [type, id]);
}

/** The special registers of a receipt being filed and of the file it goes into. */
export const registersOfFiledReceipt = (em: EntityManager, receiptId: string, fileId: string) =>
  rows<{ item_type: ItemType; register: Register; reference: string | null }>(
    em,
    `select item_type, register, reference from pendency_register where (item_type = 'receipt' and item_id = ?) or (item_type = 'file' and item_id = ?)`,
    [receiptId, fileId],
  );

// -------------------------------------------------------------------------------- rules

export const rules = (em: EntityManager) =>
  rows<{
    id: string;
    register: string | null;
    category: string | null;
    priority: string | null;
    basis: 'holder' | 'total';
    days: number;
    day_kind: 'working' | 'calendar';
    remind_before: number;
  }>(
    em,
    `select id, register, category, priority, basis, days, day_kind, remind_before from pendency_rule
      order by basis desc, register nulls first, category nulls first, priority nulls first, days`,
  );

export async function replaceRules(
  em: EntityManager,
  list: ReadonlyArray<{
    id: string;
    register: string | null;
    category: string | null;
    priority: string | null;
    basis: string;
    days: number;
    dayKind: string;
    remindBefore: number;
  }>,
): Promise<void> {
  await rows(em, 'delete from pendency_rule');
  for (const r of list) {
    await rows(
      em,
      `insert into pendency_rule (id, register, category, priority, basis, days, day_kind, remind_before, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
      [r.id, r.register, r.category, r.priority, r.basis, r.days, r.dayKind, r.remindBefore],
    );
  }
}

/** A register's own deadline (its rule on the total age, without category or priority). */
export const registerDeadline = (em: EntityManager, register: Register) =>
  rows<{ days: number; day_kind: 'working' | 'calendar' }>(
    em,
    `select days, day_kind from pendency_rule where register = ? and basis = 'total' and category is null and priority is null limit 1`,
    [register],
  );

export const escalationLevels = (em: EntityManager) =>
  rows<{ level: number; after_days: number }>(em, 'select level, after_days from pendency_escalation_level order by level');

export async function replaceEscalationLevels(em: EntityManager, levels: ReadonlyArray<{ afterDays: number }>): Promise<void> {
  await rows(em, 'delete from pendency_escalation_level');
  for (const [i, l] of levels.entries())
    await rows(em, 'insert into pendency_escalation_level (level, after_days) values (?, ?)', [i + 1, l.afterDays]);
}

// -------------------------------------------------------------------------------- alerts

export const itemAlerts = (em: EntityManager, type: string, id: string) =>
  rows<{
    kind: 'reminder' | 'escalation';
    level: number;
    created_at: Timestamp;
    due_date: string | null;
    post_ids: string[];
    held_since: Timestamp;
  }>(
    em,
    `select a.kind, a.level, a.created_at, to_char(a.due_date, 'YYYY-MM-DD') as due_date, a.post_ids, a.held_since from pendency_alert a
      where a.item_type = ? and a.item_id = ? order by a.created_at desc, a.level desc`,
    [type, id],
  );
