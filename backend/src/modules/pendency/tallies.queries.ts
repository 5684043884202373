import type { EntityManager } from '@mikro-orm/postgresql';
import { rows } from './pendency.queries.js';

/** The SQL of the dashboard's tallies and the received/disposed history (see sql/tallies.sql for what keeps them). */

/** Folds the changes logged since the last run into the tallies; answers how many it folded. */
export const compact = async (em: EntityManager) =>
  Number((await rows<{ folded: number }>(em, 'select pendency_compact() as folded'))[0]?.folded ?? 0);

/** The tallies recounted from the pending rows, the change log emptied. */
export async function recountTallies(em: EntityManager): Promise<void> {
  await rows(em, 'delete from pendency_delta');
  for (const t of ['held', 'started', 'due', 'origin']) await rows(em, `delete from pendency_tally_${t}`);
  const reg = `coalesce(register, '')`;
  await rows(
    em,
    `insert into pendency_tally_held (holder_post_id, item_type, register, parked, graded, held_on, n)
    select holder_post_id, item_type, ${reg}, parked, grading <> 'normal', held_on, count(*) from pendency_item group by 1, 2, 3, 4, 5, 6`,
  );
  await rows(
    em,
    `insert into pendency_tally_started (holder_post_id, item_type, register, started_on, n)
    select holder_post_id, item_type, ${reg}, started_on, count(*) from pendency_item group by 1, 2, 3, 4`,
  );
  await rows(
    em,
    `insert into pendency_tally_due (holder_post_id, item_type, register, due_date, reason_until, n)
    select holder_post_id, item_type, ${reg}, coalesce(due_date, 'infinity'), coalesce(reason_until, '-infinity'), count(*) from pendency_item group by 1, 2, 3, 4, 5`,
  );
  await rows(
    em,
    `insert into pendency_tally_origin (origin_office_id, item_type, register, n)
    select origin_office_id, item_type, ${reg}, count(*) from pendency_item group by 1, 2, 3`,
  );
  await rows(em, 'select pendency_compact()'); // days past the horizon into their single rows
}

/** The received/disposed history rebuilt from the items, the weekly sums dropped (they are summed again on demand). */
export async function rebuildHistory(em: EntityManager): Promise<void> {
  await rows(em, 'delete from pendency_event');
  await rows(em, 'delete from pendency_week');
  await rows(
    em,
    `insert into pendency_event (at, item_type, item_id, kind, origin_office_id, post_id)
    select r.created_at, 'receipt', r.id, 'received', r.office_id, r.created_by_post_id from receipt r
    union all select f.created_at, 'file', f.id, 'received', f.office_id, f.created_by_post_id from efile f
    union all select r.closed_at, 'receipt', r.id, 'disposed', r.office_id, r.holder_post_id from receipt r where r.status = 'closed' and r.closed_at is not null
    union all select coalesce((select min(c.added_at) from correspondence c where c.receipt_id = r.id), r.updated_at), 'receipt', r.id, 'disposed', r.office_id, r.holder_post_id from receipt r where r.status = 'filed'
    union all select f.closed_at, 'file', f.id, 'disposed', f.office_id, f.holder_post_id from efile f where f.status = 'closed' and f.closed_at is not null`,
  );
}
