import type { Scope } from '../../shared/scope.js';
import { istDate } from '../../shared/dates.js';
import { refVisibleSql } from './access.js';

/** Counts for the inbox tabs of the acting post: what it holds, unread, copies unread, parked, overdue. */
export async function inboxCounts(scope: Scope) {
  const postId = scope.actor.postId;
  if (!postId) return { inbox: 0, unread: 0, copies: 0, parked: 0, overdue: 0 };
  const visible = refVisibleSql('m.item_type', 'm.item_id', { sql: 'array[m.to_post_id]' });
  const held = (table: string, live: string) => `select x.parked_at, x.opened_at, x.due_date from ${table} x where x.holder_post_id = ? and ${live}`;
  const [row] = await scope.em.getConnection().execute<Array<Record<string, string>>>(
    `with held as (${held('receipt', "x.status in ('draft', 'diarised')")} union all ${held('efile', "x.status = 'open'")})
     select count(*) filter (where parked_at is null) as inbox, count(*) filter (where parked_at is null and opened_at is null) as unread,
            count(*) filter (where parked_at is not null) as parked, count(*) filter (where due_date < ?) as overdue,
            (select count(*) from movement m where m.to_post_id = ? and m.kind = 'copy' and m.opened_at is null
              and ${visible.sql}) as copies
     from held`,
    [postId, postId, istDate(), postId, ...visible.params],
  );
  return { inbox: Number(row!.inbox), unread: Number(row!.unread), copies: Number(row!.copies), parked: Number(row!.parked), overdue: Number(row!.overdue) };
}
