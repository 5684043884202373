/**
 * Working-day arithmetic over a calendar of weekly offs and holidays. Pure functions on ISO dates
 * ('YYYY-MM-DD', Indian Standard Time): the same calendar, generated from these, is stored per
 * office (pendency_working_day) so SQL does the same sums by lookup.
 */

import { addDays } from '../../shared/dates.js';

export interface WorkWeekRule {
  /** ISO weekdays always off (1 = Monday … 7 = Sunday). */
  weeklyOff: readonly number[];
  /** Which Saturdays of the month are off (1–5); [2, 4] = second and fourth. */
  saturdaysOff: readonly number[];
}

/** The usual weekly offs of UP offices. */
export const DEFAULT_WORK_WEEK: WorkWeekRule = { weeklyOff: [7], saturdaysOff: [2, 4] };

const DAY_MS = 86_400_000;

function toDayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round(Date.UTC(y!, m! - 1, d) / DAY_MS);
}
function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}
export { addDays } from '../../shared/dates.js';
/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => toDayNumber(to) - toDayNumber(from);

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  const wd = new Date(toDayNumber(iso) * DAY_MS).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** Whether a date is a working day under the rule and the holidays. */
export function isWorkingDay(iso: string, week: WorkWeekRule, holidays: ReadonlySet<string>): boolean {
  const wd = isoWeekday(iso);
  if (week.weeklyOff.includes(wd)) return false;
  if (wd === 6 && week.saturdaysOff.includes(Math.ceil(Number(iso.slice(8, 10)) / 7))) return false;
  return !holidays.has(iso);
}

export interface CalendarDay {
  day: string;
  /** Working days up to and including this day, counted from the calendar's start. */
  ord: number;
  working: boolean;
}

/** Every day from `from` to `to` (inclusive) with its running count of working days. */
export function buildCalendar(from: string, to: string, week: WorkWeekRule, holidays: ReadonlySet<string>): CalendarDay[] {
  const out: CalendarDay[] = [];
  let ord = 0;
  for (let n = toDayNumber(from), end = toDayNumber(to); n <= end; n++) {
    const day = fromDayNumber(n);
    const working = isWorkingDay(day, week, holidays);
    if (working) ord++;
    out.push({ day, ord, working });
  }
  return out;
}

/** A calendar to compute with: falls back to day-by-day checks outside its range. */
export class WorkingCalendar {
  private readonly byDay = new Map<string, CalendarDay>();
  private readonly byOrd = new Map<number, string>();

  constructor(
    readonly week: WorkWeekRule,
    readonly holidays: ReadonlySet<string>,
    days: CalendarDay[] = [],
  ) {
    for (const d of days) {
      this.byDay.set(d.day, d);
      if (d.working) this.byOrd.set(d.ord, d.day);
    }
  }

  static span(from: string, to: string, week: WorkWeekRule = DEFAULT_WORK_WEEK, holidays: Iterable<string> = []) {
    const set = new Set(holidays);
    return new WorkingCalendar(week, set, buildCalendar(from, to, week, set));
  }

  isWorking(day: string): boolean {
    return this.byDay.get(day)?.working ?? isWorkingDay(day, this.week, this.holidays);
  }

  /**
   * The n-th working day after `day` (n > 0), or the n-th before it (n < 0); n = 0 gives `day`
   * itself when it is a working day, else the working day before it. The start day does not count:
   * an item that arrives on Friday with 1 working day is due on Monday (Saturday off).
   */
  addWorkingDays(day: string, n: number): string {
    const known = this.byDay.get(day);
    if (known) {
      const hit = this.byOrd.get(known.ord + n);
      if (hit) return hit;
    }
    // the same as the ord lookup: from `day` (or, if it is off, the working day before it), n working days on or back
    let cur = day;
    if (n <= 0) while (!this.isWorking(cur)) cur = addDays(cur, -1);
    const step = n > 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0;) {
      cur = addDays(cur, step);
      if (this.isWorking(cur)) left--;
    }
    return cur;
  }

  /** Working days after `from` up to and including `to` (negative when `to` is earlier). */
  workingDaysBetween(from: string, to: string): number {
    const a = this.byDay.get(from);
    const b = this.byDay.get(to);
    if (a && b) return b.ord - a.ord;
    // working days in (from, to], or minus those in (to, from]
    const [lo, hi, sign] = to >= from ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let cur = lo; cur !== hi;) {
      cur = addDays(cur, 1);
      if (this.isWorking(cur)) count++;
    }
    return sign * count;
  }
}

export interface DeadlineRule {
  days: number;
  dayKind: 'working' | 'calendar';
}

/** A deadline counted from a day: working days on the calendar, or plain calendar days (RTI). */
function deadlineFrom(cal: WorkingCalendar, from: string, rule: DeadlineRule): string {
  return rule.dayKind === 'calendar' ? addDays(from, rule.days) : cal.addWorkingDays(from, rule.days);
}

/**
 * An item's due date: an explicit one (given on diarising or sending) wins; otherwise the earlier
 * of the per-holder rule (from the day it reached the holder) and the register's total deadline
 * (from receipt). The same order as the `pendency_source` view.
 */
export function dueDate(
  cal: WorkingCalendar,
  o: { explicit: string | null; heldOn: string; startedOn: string; holderRule: DeadlineRule | null; totalRule: DeadlineRule | null },
): { due: string | null; source: 'explicit' | 'rule' | 'register' | null } {
  if (o.explicit) return { due: o.explicit, source: 'explicit' };
  const rule = o.holderRule ? deadlineFrom(cal, o.heldOn, o.holderRule) : null;
  const total = o.totalRule ? deadlineFrom(cal, o.startedOn, o.totalRule) : null;
  if (total && (!rule || total < rule)) return { due: total, source: 'register' };
  return rule ? { due: rule, source: 'rule' } : { due: null, source: null };
}

/** Overdue on `today` when the due date is before it; by how many working days. */
export function overdue(cal: WorkingCalendar, due: string | null, today: string): { overdue: boolean; workingDays: number } {
  if (!due || due >= today) return { overdue: false, workingDays: 0 };
  return { overdue: true, workingDays: Math.max(0, cal.workingDaysBetween(due, today)) };
}

export type BucketKey = 'upTo7' | 'upTo15' | 'upTo30' | 'over30';
/** Age buckets in calendar days: 0–7, 8–15, 16–30, over 30. */
export function bucketOf(days: number): BucketKey {
  if (days <= 7) return 'upTo7';
  if (days <= 15) return 'upTo15';
  if (days <= 30) return 'upTo30';
  return 'over30';
}
/** The first and last day (inclusive) of a bucket, counted back from today: what `held_on`/`started_on` must lie between. */
export function bucketRange(bucket: '0-7' | '8-15' | '16-30' | '31+', today: string): { from: string | null; to: string } {
  const [lo, hi] = { '0-7': [0, 7], '8-15': [8, 15], '16-30': [16, 30], '31+': [31, null] }[bucket] as [number, number | null];
  return { from: hi === null ? null : addDays(today, -hi), to: addDays(today, -lo) };
}

/** Calendar days between an instant and today (IST dates), never negative. */
export function dwellDays(heldOn: string, today: string): number {
  return Math.max(0, daysBetween(heldOn, today));
}

/** The Monday (IST) of the week a date falls in. */
export function weekStart(iso: string): string {
  return addDays(iso, 1 - isoWeekday(iso));
}
