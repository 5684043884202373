import type { Scope } from '../../shared/scope.js';
import { istDate } from '../../shared/dates.js';

/** Counts for the inbox tabs of the acting post: what it holds, unread, copies unread, parked, overdue. */
export async function inboxCounts(scope: Scope) {
  const postId = scope.actor.postId;
  if (!postId) return { inbox: 0, unread: 0, copies: 0, parked: 0, overdue: 0 };
  const held = (table: string, live: string) => `select x.parked_at, x.opened_at, x.due_date from ${table} x where x.holder_post_id = ? and ${live}`;
  const [row] = await scope.em.getConnection().execute<Array<Record<string, string>>>(
    `with held as (${held('receipt', "x.status in ('draft', 'diarised')")} union all ${held('efile', "x.status = 'open'")})
     select count(*) filter (where parked_at is null) as inbox, count(*) filter (where parked_at is null and opened_at is null) as unread,
            count(*) filter (where parked_at is not null) as parked, count(*) filter (where due_date < ?) as overdue,
            (select count(*) from movement m where m.to_post_id = ? and m.kind = 'copy' and m.opened_at is null
              and exists (select 1 from item_access a where a.item_type = m.item_type and a.item_id = m.item_id and a.post_id = m.to_post_id)) as copies
     from held`,
    [postId, postId, istDate(), postId],
  );
  return { inbox: Number(row!.inbox), unread: Number(row!.unread), copies: Number(row!.copies), parked: Number(row!.parked), overdue: Number(row!.overdue) };
}
