import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../shared/app-error.js';
import { t } from '../../shared/i18n.js';
import { transact, type Scope } from '../../shared/scope.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import { lockCalendars, syncCalendars } from './pendency-maintenance.js';
import { deleteHoliday, holiday, holidayExists, holidays, insertHoliday, type HolidayRow } from './calendar.queries.js';
import { assertAdmin } from './pendency-config.js';
import type { holidaysQuery, HolidayIn } from './pendency.schemas.js';

const present = (org: OrgSnapshot, r: HolidayRow) => ({
  id: r.id,
  officeId: r.office_id ?? null,
  office: r.office_id && org.offices.has(r.office_id) ? org.officeRef(r.office_id) : null,
  date: r.day,
  name: { en: r.name_en, hi: r.name_hi },
});

/** Holidays by date: all of them, or those that apply to an office (general ones, its own and its parents'). */
export async function listHolidays(scope: Scope, q: z.infer<typeof holidaysQuery>) {
  const org = await loadOrg(scope.em);
  if (q.officeId && !org.offices.has(q.officeId)) throw new AppError('NOT_FOUND');
  const rows = await holidays(scope.em, {
    ...(q.officeId ? { chain: `{${org.chain(q.officeId).join(',')}}` } : {}),
    ...(q.year ? { year: q.year } : {}),
  });
  return { items: rows.map((r) => present(org, r)) };
}

/** Adds a holiday (for every office, or an office and those under it); calendars and due dates follow. Audited. */
export async function addHoliday(scope: Scope, input: HolidayIn) {
  assertAdmin(scope.actor);
  const org = await loadOrg(scope.em);
  if (input.officeId && !org.offices.has(input.officeId)) {
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      { issues: [{ path: ['officeId'], code: 'not_found', message: t(scope.actor.locale, 'pendency.unknownOffice') }] },
    );
  }
  const id = randomUUID();
  await transact(scope, async (tx) => {
    await lockCalendars(tx.em); // a parallel add of the same day waits, then finds it
    if (await holidayExists(tx.em, input.officeId, input.date))
      throw new AppError(
        'DUPLICATE',
        { what: { tKey: 'what.holiday' }, value: input.date },
        { field: 'date', value: input.date, issues: [{ path: ['date'], code: 'duplicate', message: null }] },
      );
    await insertHoliday(tx.em, { id, officeId: input.officeId, day: input.date, nameEn: input.name.en, nameHi: input.name.hi });
    await syncCalendars(tx.em);
    tx.emit({
      type: 'pendency.holiday-added',
      holidayId: id,
      officeId: input.officeId,
      date: input.date,
      name: input.name,
      officeIds: [...org.offices.keys()],
    });
  });
  const [row] = await holiday(scope.em, id);
  return present(org, row!);
}

/** Removes a holiday; calendars and due dates follow. Audited. */
export async function removeHoliday(scope: Scope, id: string): Promise<void> {
  assertAdmin(scope.actor);
  const org = await loadOrg(scope.em);
  await transact(scope, async (tx) => {
    const [row] = await deleteHoliday(tx.em, id);
    if (!row) throw new AppError('NOT_FOUND');
    await syncCalendars(tx.em);
    tx.emit({
      type: 'pendency.holiday-removed',
      holidayId: id,
      officeId: row.office_id ?? null,
      date: row.day,
      name: row.name_en,
      officeIds: [...org.offices.keys()],
    });
  });
}
