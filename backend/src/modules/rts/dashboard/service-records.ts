import type { EntityManager } from '@mikro-orm/postgresql';
import { istDate } from '../../../shared/dates.js';
import { addMonths } from './rts-context.js';
import { onTimeByService } from './rts-dashboard.queries.js';
import { percent } from './rts-dashboard.js';

/**
 * Each service's current on-time record for the public catalogue: disposals over the last 12 months
 * (this one included) and the share of them made by the RTS due date.
 */
export async function serviceOnTimeRecords(
  em: EntityManager,
): Promise<Map<string, { onTimePct: number | null; disposed: number; months: number }>> {
  const to = istDate().slice(0, 7);
  const rows = await onTimeByService(em, `${addMonths(to, -11)}-01`, `${to}-01`);
  return new Map(rows.map((r) => [r.code, { onTimePct: percent(r.on_time, r.disposed), disposed: r.disposed, months: 12 }]));
}
