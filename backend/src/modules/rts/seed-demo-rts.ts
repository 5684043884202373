import { addDays, istDate } from '../../shared/dates.js';
import type { Deps } from '../../shared/scope.js';
import { runRtsAppeals } from './file-appeals.js';

/**
 * Demo appeals: the demo applications still pending are made to have been filed twelve days ago, past
 * their timelines, and the daily run files their First Appeals (the ADM hears the SDM's e-pass, the ASP
 * the crime branch's visitor pass). Once (skipped when any appeal exists).
 */
export async function seedDemoRts(deps: Deps): Promise<void> {
  const lock = await deps.pool.connect();
  try {
    await lock.query('select pg_advisory_lock(7331017)');
    if ((await lock.query('select 1 from rts_appeal limit 1')).rowCount) return;
    const today = istDate();
    await lock.query(
      `update application set created_at = created_at - interval '12 days', rts_due_date = $1::date where status = 'open' and rts_due_date >= $2::date`,
      [addDays(today, -8), today],
    );
    await runRtsAppeals(deps);
  } finally {
    await lock.query('select pg_advisory_unlock(7331017)').catch(() => undefined);
    lock.release();
  }
}
