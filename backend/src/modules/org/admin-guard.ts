import type { EntityManager } from '@mikro-orm/postgresql';
import { invalidState } from '../../shared/app-error.js';
import { istDate } from '../../shared/dates.js';

/**
 * Refuses a change that would leave the installation without any active user holding an active
 * admin post today — nobody could then repair the org structure.
 */
export async function assertAdminRemains(
  em: EntityManager,
  change: { endingChargeId?: string; disablingUserId?: string; deactivatingPostId?: string },
): Promise<void> {
  const today = istDate();
  const rows = await em.getConnection().execute<Array<{ n: string }>>(
    `select count(*) as n from charge c join post p on p.id = c.post_id join app_user u on u.id = c.user_id
     where 'admin' = any(p.capabilities) and p.active and u.active and c.from_date <= ? and (c.to_date is null or c.to_date > ?)
       and c.id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')
       and u.id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')
       and p.id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')`,
    [today, today, change.endingChargeId ?? null, change.disablingUserId ?? null, change.deactivatingPostId ?? null],
    'all',
    em.getTransactionContext(),
  );
  if (Number(rows[0]?.n ?? 0) === 0) throw invalidState('lastAdmin');
}

/** The active admin posts (they see every user's certificates and the org's administration). */
export async function adminPostIds(em: EntityManager): Promise<string[]> {
  const rows = await em
    .getConnection()
    .execute<Array<{ id: string }>>(
      `select id from post where active and 'admin' = any(capabilities)`,
      [],
      'all',
      em.getTransactionContext(),
    );
  return rows.map((r) => r.id);
}
