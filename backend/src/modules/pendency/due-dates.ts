import type { EntityManager } from '@mikro-orm/postgresql';
import { istDate } from '../../shared/dates.js';
import { pgArray } from '../../shared/persistence.js';
import type { ItemDue, ItemDueDates, ItemType } from '../movement/index.js';
import { rows } from './pendency.queries.js';

/**
 * The one meaning of "due" and "overdue" (API.md, Words): an item's due date is its pendency row's
 * (`pendency_item.due_date`: the explicit date, else the earliest of the rule and register dates on
 * the holder office's working calendar); it is overdue when that date is before today (IST). The
 * dashboard, the drill-down, the registers and — through movement's `itemDueDates`, provided by the
 * composition root — the inbox all read it from here.
 */
export const isOverdue = (due: string | null | undefined, today: string): boolean => !!due && due < today;

/** SQL condition over a due date column or expression: past `today` (or not); one parameter, today. */
export const overdueCondition = (due: string, overdue = true): string =>
  overdue ? `${due} < ?::date` : `(${due} is null or ${due} >= ?::date)`;

/** SQL of the working days a due date is past today, on an office's calendar (0 when not past); two parameters, today and today. */
export const overdueWorkingDaysSql = (office: string, due: string): string =>
  `case when ${due} < ?::date then pendency_working_between(${office}, ${due}, ?::date) else 0 end`;

/** The due date `days` working days after `from` on the office's calendar, as SQL with its parameters. */
const addWorkingDaysSql = (officeId: string, from: string, days: number) => ({
  sql: `pendency_add_days(?::uuid, ?::date, ?::int, 'working')`,
  params: [officeId, from, days],
});
/** Working days from `from` to `to` on the office's calendar, as SQL with its parameters. */
const workingDaysBetweenSql = (officeId: string, from: string, to: string) => ({
  sql: 'pendency_working_between(?::uuid, ?::date, ?::date)',
  params: [officeId, from, to],
});

export const pendencyDueDates: ItemDueDates = {
  dueDateSql: (type, alias) => `(select pd.due_date from pendency_item pd where pd.item_type = '${type}' and pd.item_id = ${alias}.id)`,
  overdueSql: (due, overdue) => ({ sql: overdueCondition(due, overdue), params: [istDate()] }),
  ofItems: (em, refs) => itemDues(em, refs, istDate()),
  addWorkingDays: async (em, officeId, from, days) => {
    const add = addWorkingDaysSql(officeId, from, days);
    return (await rows<{ d: string }>(em, `select to_char(${add.sql}, 'YYYY-MM-DD') as d`, add.params))[0]!.d;
  },
  addWorkingDaysSql,
  workingDaysBetween: async (em, officeId, from, to) => {
    const between = workingDaysBetweenSql(officeId, from, to);
    return Number((await rows<{ n: number }>(em, `select ${between.sql} as n`, between.params))[0]!.n);
  },
  workingDaysBetweenSql,
};

/** Due date, overdue and working days past due of these items (pending ones; others have no due date). */
export async function itemDues(
  em: EntityManager,
  refs: ReadonlyArray<{ type: ItemType; id: string }>,
  today: string,
): Promise<Map<string, ItemDue>> {
  if (!refs.length) return new Map();
  const found = await rows<{ item_type: ItemType; item_id: string; due_date: string | null; overdue_working: number }>(
    em,
    `select pi.item_type, pi.item_id, to_char(pi.due_date, 'YYYY-MM-DD') as due_date, ${overdueWorkingDaysSql('pi.office_id', 'pi.due_date')} as overdue_working
      from pendency_item pi join unnest(?::varchar[], ?::uuid[]) as r(t, id) on pi.item_type = r.t and pi.item_id = r.id`,
    [today, today, pgArray(refs.map((r) => r.type)), pgArray(refs.map((r) => r.id))],
  );
  return new Map(
    found.map((r) => {
      const overdue = isOverdue(r.due_date, today);
      return [
        `${r.item_type}:${r.item_id}`,
        { dueDate: r.due_date, overdue, overdueWorkingDays: overdue ? Math.max(0, Number(r.overdue_working ?? 0)) : 0 },
      ];
    }),
  );
}
