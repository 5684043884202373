import type { EntityManager } from '@mikro-orm/postgresql';
import { extensionPoint } from '../../shared/extension-point.js';
import type { SqlPart } from './access.js';
import type { ItemType } from './movement.entity.js';

/** An item's due date as every list shows it: the date, whether it is past, and by how many working days. */
export interface ItemDue {
  dueDate: string | null;
  overdue: boolean;
  overdueWorkingDays: number;
}

/**
 * The one meaning of "due" and "overdue" (pendency's: explicit due date, else the rule and register
 * dates on the holder office's working calendar). The inbox reads it here; pendency, built on top,
 * provides it through the composition root, so movement never imports pendency.
 */
export interface ItemDueDates {
  /** SQL of the due date (a date; null when it has none) of the row `alias` of a kind's table. */
  dueDateSql(type: ItemType, alias: string): string;
  /** SQL condition over a due date (SQL): past today (`overdue`) or not; its parameters (today) with it. */
  overdueSql(due: string, overdue: boolean): SqlPart;
  /** The due date of each of these items (by `type:id`), as of today; items without one are absent. */
  ofItems(em: EntityManager, refs: ReadonlyArray<{ type: ItemType; id: string }>): Promise<Map<string, ItemDue>>;
  /** The day `days` working days after `from` on an office's working calendar (a deadline in working days). */
  addWorkingDays(em: EntityManager, officeId: string, from: string, days: number): Promise<string>;
  /** `addWorkingDays` as an SQL expression of a date (with its parameters), for a statement that writes it. */
  addWorkingDaysSql(officeId: string, from: string, days: number): SqlPart;
  /** Working days from `from` to `to` on an office's calendar (negative when `to` is earlier). */
  workingDaysBetween(em: EntityManager, officeId: string, from: string, to: string): Promise<number>;
  /** `workingDaysBetween` as an SQL expression of an int (with its parameters). */
  workingDaysBetweenSql(officeId: string, from: string, to: string): SqlPart;
}

export const itemDueDates = extensionPoint<ItemDueDates>('item due dates (pendency)');
