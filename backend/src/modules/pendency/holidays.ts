import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../shared/app-error.js';
import { t } from '../../shared/i18n.js';
import { transact, type Scope } from '../../shared/scope.js';
import { loadOrg, type OrgSnapshot } from './org-snapshot.js';
import { lockCalendars, run, syncCalendars } from './pendency-maintenance.js';
import { assertAdmin, hintEverywhere } from './pendency-config.js';
import type { holidaysQuery, HolidayIn } from './pendency.schemas.js';

const present = (org: OrgSnapshot, r: Record<string, any>) => ({
  id: r.id, officeId: r.office_id ?? null, office: r.office_id && org.offices.has(r.office_id) ? org.officeRef(r.office_id) : null, date: r.day, name: { en: r.name_en, hi: r.name_hi },
});

/** Holidays by date: all of them, or those that apply to an office (general ones, its own and its parents'). */
export async function listHolidays(scope: Scope, q: z.infer<typeof holidaysQuery>) {
  const org = await loadOrg(scope.em);
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.officeId) {
    if (!org.offices.has(q.officeId)) throw new AppError('NOT_FOUND');
    where.push(`(office_id is null or office_id = any(?::uuid[]))`);
    params.push(`{${org.chain(q.officeId).join(',')}}`);
  }
  if (q.year) {
    where.push('extract(year from day) = ?');
    params.push(q.year);
  }
  const rows = await run(scope.em, `select id, office_id, to_char(day, 'YYYY-MM-DD') as day, name_en, name_hi from pendency_holiday${where.length ? ` where ${where.join(' and ')}` : ''} order by day, name_en`, params);
  return { items: rows.map((r) => present(org, r)) };
}

/** Adds a holiday (for every office, or an office and those under it); calendars and due dates follow. Audited. */
export async function addHoliday(scope: Scope, input: HolidayIn) {
  assertAdmin(scope.actor);
  const org = await loadOrg(scope.em);
  if (input.officeId && !org.offices.has(input.officeId)) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['officeId'], code: 'not_found', message: t(scope.actor.locale, 'pendency.unknownOffice') }] });
  }
  const id = randomUUID();
  await transact(scope, async (tx) => {
    await lockCalendars(tx.em); // a parallel add of the same day waits, then finds it
    const [dup] = await run(tx.em, 'select 1 from pendency_holiday where office_id is not distinct from ? and day = ?', [input.officeId, input.date]);
    if (dup) throw new AppError('DUPLICATE', { what: { tKey: 'what.holiday' }, value: input.date }, { field: 'date', value: input.date, issues: [{ path: ['date'], code: 'duplicate', message: null }] });
    await run(tx.em, 'insert into pendency_holiday (id, office_id, day, name_en, name_hi, created_at) values (?, ?, ?, ?, ?, now())', [id, input.officeId, input.date, input.name.en, input.name.hi]);
    await syncCalendars(tx.em);
    await tx.audit({ action: 'pendency.holiday-add', objectType: 'pendency-holiday', objectId: id, details: { officeId: input.officeId, date: input.date, name: input.name } });
    hintEverywhere(tx, [...org.offices.keys()]);
  });
  const [row] = await run(scope.em, `select id, office_id, to_char(day, 'YYYY-MM-DD') as day, name_en, name_hi from pendency_holiday where id = ?`, [id]);
  return present(org, row!);
}

/** Removes a holiday; calendars and due dates follow. Audited. */
export async function removeHoliday(scope: Scope, id: string): Promise<void> {
  assertAdmin(scope.actor);
  const org = await loadOrg(scope.em);
  await transact(scope, async (tx) => {
    const [row] = await run(tx.em, `delete from pendency_holiday where id = ? returning office_id, to_char(day, 'YYYY-MM-DD') as day, name_en`, [id]);
    if (!row) throw new AppError('NOT_FOUND');
    await syncCalendars(tx.em);
    await tx.audit({ action: 'pendency.holiday-remove', objectType: 'pendency-holiday', objectId: id, details: { officeId: row.office_id ?? null, date: row.day, name: row.name_en } });
    hintEverywhere(tx, [...org.offices.keys()]);
  });
}
