import type { EntityManager } from '@mikro-orm/postgresql';
import { rows } from './pendency.queries.js';

/** The SQL of working weeks, holidays and the generated working-day calendars (see sql/calendar.sql for the arithmetic on them). */

export const workWeeks = (em: EntityManager) =>
  rows<{ office_id: string | null; weekly_off: string[]; saturdays_off: string[] }>(
    em,
    'select office_id, weekly_off, saturdays_off from pendency_work_week',
  );

/** Sets an office's weekly offs (or the default's, office null). */
export async function setWorkWeek(
  em: EntityManager,
  w: { id: string; officeId: string | null; weeklyOff: readonly number[]; saturdaysOff: readonly number[] },
): Promise<void> {
  const updated = await rows<{ id: string }>(
    em,
    `update pendency_work_week set weekly_off = ?::text[], saturdays_off = ?::text[], updated_at = now() where office_id is not distinct from ? returning id`,
    [`{${w.weeklyOff.join(',')}}`, `{${w.saturdaysOff.join(',')}}`, w.officeId],
  );
  if (!updated.length) {
    await rows(
      em,
      `insert into pendency_work_week (id, office_id, weekly_off, saturdays_off, updated_at) values (?, ?, ?::text[], ?::text[], now())`,
      [w.id, w.officeId, `{${w.weeklyOff.join(',')}}`, `{${w.saturdaysOff.join(',')}}`],
    );
  }
}

export interface HolidayRow {
  id: string;
  office_id: string | null;
  day: string;
  name_en: string;
  name_hi: string;
}

/** Holidays by date; `chain` (an office and its ancestors, as an array literal) narrows to those that apply there, `year` to one year. */
export function holidays(em: EntityManager, f: { chain?: string; year?: number } = {}) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.chain) {
    where.push(`(office_id is null or office_id = any(?::uuid[]))`);
    params.push(f.chain);
  }
  if (f.year) {
    where.push('extract(year from day) = ?');
    params.push(f.year);
  }
  return rows<HolidayRow>(
    em,
    `select id, office_id, to_char(day, 'YYYY-MM-DD') as day, name_en, name_hi from pendency_holiday${where.length ? ` where ${where.join(' and ')}` : ''} order by day, name_en`,
    params,
  );
}

export const holiday = (em: EntityManager, id: string) =>
  rows<HolidayRow>(em, `select id, office_id, to_char(day, 'YYYY-MM-DD') as day, name_en, name_hi from pendency_holiday where id = ?`, [
    id,
  ]);

/** Every holiday's office and day (for generating calendars). */
export const holidayDays = (em: EntityManager) =>
  rows<{ office_id: string | null; day: string }>(em, `select office_id, to_char(day, 'YYYY-MM-DD') as day from pendency_holiday`);

export const holidayExists = async (em: EntityManager, officeId: string | null, day: string) =>
  (await rows(em, 'select 1 from pendency_holiday where office_id is not distinct from ? and day = ?', [officeId, day])).length > 0;

export const holidayCount = async (em: EntityManager) =>
  (await rows<{ n: number }>(em, 'select count(*)::int as n from pendency_holiday'))[0]?.n ?? 0;

export async function insertHoliday(
  em: EntityManager,
  h: { id: string; officeId: string | null; day: string; nameEn: string; nameHi: string },
): Promise<void> {
  await rows(em, 'insert into pendency_holiday (id, office_id, day, name_en, name_hi, created_at) values (?, ?, ?, ?, ?, now())', [
    h.id,
    h.officeId,
    h.day,
    h.nameEn,
    h.nameHi,
  ]);
}

export const deleteHoliday = (em: EntityManager, id: string) =>
  rows<{ office_id: string | null; day: string; name_en: string }>(
    em,
    `delete from pendency_holiday where id = ? returning office_id, to_char(day, 'YYYY-MM-DD') as day, name_en`,
    [id],
  );

/** A digest of the stored calendars, to compare with a freshly computed one before replacing them. */
export const workingDaysDigest = async (em: EntityManager) =>
  (
    await rows<{ digest: string }>(
      em,
      `select md5(coalesce(string_agg(office_id::text || '|' || day::text || '|' || ord::text || '|' || working::text, ',' order by office_id, day), '')) as digest from pendency_working_day`,
    )
  )[0]?.digest;

/** Replaces every office's calendar (the four arrays are the columns, as array literals). */
export async function replaceWorkingDays(
  em: EntityManager,
  c: { offices: string; days: string; ords: string; working: string },
): Promise<void> {
  await rows(em, 'delete from pendency_working_day');
  await rows(
    em,
    'insert into pendency_working_day (office_id, day, ord, working) select * from unnest(?::uuid[], ?::date[], ?::int[], ?::boolean[])',
    [c.offices, c.days, c.ords, c.working],
  );
}

export const workingDaysPresent = async (em: EntityManager) =>
  Boolean((await rows<{ present: boolean }>(em, 'select exists (select 1 from pendency_working_day) as present'))[0]?.present);

/** One calendar change at a time, until the caller's transaction ends (parallel holiday additions would collide). */
export const lockCalendarsSql = (em: EntityManager) => rows(em, `select pg_advisory_xact_lock(hashtext('pendency_calendars'))`);
