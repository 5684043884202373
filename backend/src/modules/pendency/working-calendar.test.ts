import { describe, expect, it } from 'vitest';
import {
  WorkingCalendar,
  bucketOf,
  bucketRange,
  buildCalendar,
  dueDate,
  dwellDays,
  isWorkingDay,
  isoWeekday,
  overdue,
  weekStart,
  DEFAULT_WORK_WEEK,
} from './working-calendar.js';

// November 2026: the 1st is a Sunday; Saturdays are the 7th (1st), 14th (2nd), 21st (3rd), 28th (4th).
const NOV = { from: '2026-10-01', to: '2027-01-31' };
const GURPURAB = '2026-11-24'; // a Tuesday
const cal = WorkingCalendar.span(NOV.from, NOV.to, DEFAULT_WORK_WEEK, [GURPURAB]);
const sundaysOnly = WorkingCalendar.span(NOV.from, NOV.to, { weeklyOff: [7], saturdaysOff: [] }, []);
/** The same rules without a generated calendar: every answer must come out the same day by day. */
const unbounded = new WorkingCalendar(DEFAULT_WORK_WEEK, new Set([GURPURAB]));

describe('working days', () => {
  it('knows Sundays, the second and fourth Saturdays and holidays', () => {
    expect(isoWeekday('2026-11-01')).toBe(7);
    expect(isoWeekday('2026-11-20')).toBe(5);
    expect(isWorkingDay('2026-11-01', DEFAULT_WORK_WEEK, new Set())).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-07', DEFAULT_WORK_WEEK, new Set())).toBe(true); // first Saturday
    expect(isWorkingDay('2026-11-14', DEFAULT_WORK_WEEK, new Set())).toBe(false); // second Saturday
    expect(isWorkingDay('2026-11-21', DEFAULT_WORK_WEEK, new Set())).toBe(true); // third Saturday
    expect(isWorkingDay('2026-11-28', DEFAULT_WORK_WEEK, new Set())).toBe(false); // fourth Saturday
    expect(isWorkingDay('2026-11-24', DEFAULT_WORK_WEEK, new Set([GURPURAB]))).toBe(false);
    expect(isWorkingDay('2026-11-24', DEFAULT_WORK_WEEK, new Set())).toBe(true);
  });

  it('counts working days on from a day, not counting the day itself', () => {
    // Friday 20 Nov + 1 → Saturday 21 (third Saturday works)
    expect(cal.addWorkingDays('2026-11-20', 1)).toBe('2026-11-21');
    // Friday 13 Nov + 1 → Monday 16 (second Saturday and Sunday off)
    expect(cal.addWorkingDays('2026-11-13', 1)).toBe('2026-11-16');
    // CSMOP para 60: 7 working days from Monday 16 Nov: 17, 18, 19, 20, 21, 23, (24 holiday), 25
    expect(cal.addWorkingDays('2026-11-16', 7)).toBe('2026-11-25');
    // without the holiday and with every Saturday working: 17, 18, 19, 20, 21, 23, 24
    expect(sundaysOnly.addWorkingDays('2026-11-16', 7)).toBe('2026-11-24');
    // arriving on a day off counts from the next working day
    expect(cal.addWorkingDays('2026-11-14', 1)).toBe('2026-11-16');
    expect(cal.addWorkingDays('2026-11-15', 2)).toBe('2026-11-17');
  });

  it('counts back for reminders, and zero days lands on the working day at or before', () => {
    expect(cal.addWorkingDays('2026-11-25', -1)).toBe('2026-11-23'); // the 24th is a holiday
    expect(cal.addWorkingDays('2026-11-16', -1)).toBe('2026-11-13');
    expect(cal.addWorkingDays('2026-11-15', 0)).toBe('2026-11-13');
    expect(cal.addWorkingDays('2026-11-16', 0)).toBe('2026-11-16');
  });

  it('counts working days between two dates, either way round', () => {
    expect(cal.workingDaysBetween('2026-11-16', '2026-11-25')).toBe(7);
    expect(cal.workingDaysBetween('2026-11-25', '2026-11-16')).toBe(-7);
    expect(cal.workingDaysBetween('2026-11-13', '2026-11-15')).toBe(0); // Saturday and Sunday off
    expect(cal.workingDaysBetween('2026-11-20', '2026-11-20')).toBe(0);
  });

  it('gives the same answers from the generated calendar as day by day (what SQL and the fallback do)', () => {
    const days = buildCalendar(NOV.from, '2026-12-31', DEFAULT_WORK_WEEK, new Set([GURPURAB]));
    for (const d of days.filter((_, i) => i % 3 === 0)) {
      for (const n of [-5, -1, 0, 1, 7, 15]) expect(unbounded.addWorkingDays(d.day, n), `${d.day} ${n}`).toBe(cal.addWorkingDays(d.day, n));
      expect(unbounded.workingDaysBetween(d.day, '2026-12-15')).toBe(cal.workingDaysBetween(d.day, '2026-12-15'));
    }
    // ords never go back and only working days move them
    for (let i = 1; i < days.length; i++) expect(days[i]!.ord - days[i - 1]!.ord).toBe(days[i]!.working ? 1 : 0);
  });
});

describe('due dates', () => {
  const holder7 = { days: 7, dayKind: 'working' as const };
  const rti30 = { days: 30, dayKind: 'calendar' as const };

  it('an explicit due date wins over the rules', () => {
    expect(
      dueDate(cal, { explicit: '2026-12-01', heldOn: '2026-11-16', startedOn: '2026-11-02', holderRule: holder7, totalRule: rti30 }),
    ).toEqual({ due: '2026-12-01', source: 'explicit' });
  });

  it('otherwise the per-holder rule counts from when the item reached its holder', () => {
    expect(dueDate(cal, { explicit: null, heldOn: '2026-11-16', startedOn: '2026-10-01', holderRule: holder7, totalRule: null })).toEqual({
      due: '2026-11-25',
      source: 'rule',
    });
  });

  it('an RTI application is due 30 calendar days after receipt when that comes first', () => {
    // received 26 Oct → 25 Nov, the same day as the holder rule: the rule is kept (not earlier)
    expect(dueDate(cal, { explicit: null, heldOn: '2026-11-16', startedOn: '2026-10-26', holderRule: holder7, totalRule: rti30 })).toEqual({
      due: '2026-11-25',
      source: 'rule',
    });
    // received 20 Oct → 19 Nov, before the holder's 25 Nov
    expect(dueDate(cal, { explicit: null, heldOn: '2026-11-16', startedOn: '2026-10-20', holderRule: holder7, totalRule: rti30 })).toEqual({
      due: '2026-11-19',
      source: 'register',
    });
    // 30 calendar days ignore holidays and weekly offs: 25 Oct + 30 = 24 Nov (the holiday)
    expect(dueDate(cal, { explicit: null, heldOn: '2026-11-23', startedOn: '2026-10-25', holderRule: holder7, totalRule: rti30 }).due).toBe(
      '2026-11-24',
    );
  });

  it('is overdue from the day after the due date, counted in working days', () => {
    expect(overdue(cal, '2026-11-25', '2026-11-25')).toEqual({ overdue: false, workingDays: 0 });
    expect(overdue(cal, '2026-11-25', '2026-11-26')).toEqual({ overdue: true, workingDays: 1 });
    // due Friday 13th, today Monday 16th: Saturday (2nd) and Sunday off → 1 working day overdue
    expect(overdue(cal, '2026-11-13', '2026-11-16')).toEqual({ overdue: true, workingDays: 1 });
    // due Monday 23rd, today Wednesday 25th: the 24th is a holiday → 1
    expect(overdue(cal, '2026-11-23', '2026-11-25')).toEqual({ overdue: true, workingDays: 1 });
    expect(overdue(cal, null, '2026-11-25')).toEqual({ overdue: false, workingDays: 0 });
  });
});

describe('dwell, age and buckets', () => {
  it('puts calendar days into 0–7, 8–15, 16–30 and over 30', () => {
    expect([0, 7, 8, 15, 16, 30, 31, 400].map(bucketOf)).toEqual([
      'upTo7',
      'upTo7',
      'upTo15',
      'upTo15',
      'upTo30',
      'upTo30',
      'over30',
      'over30',
    ]);
  });

  it('turns a bucket into the dates an item must have arrived between', () => {
    expect(bucketRange('0-7', '2026-11-25')).toEqual({ from: '2026-11-18', to: '2026-11-25' });
    expect(bucketRange('8-15', '2026-11-25')).toEqual({ from: '2026-11-10', to: '2026-11-17' });
    expect(bucketRange('31+', '2026-11-25')).toEqual({ from: null, to: '2026-10-25' });
    // the ranges meet without a gap or overlap
    const b = (k: '0-7' | '8-15' | '16-30' | '31+') => bucketRange(k, '2026-11-25');
    expect(dwellDays(b('8-15').to, '2026-11-25')).toBe(8);
    expect(dwellDays(b('16-30').from!, '2026-11-25')).toBe(30);
    expect(bucketOf(dwellDays(b('31+').to, '2026-11-25'))).toBe('over30');
  });

  it('measures dwell and age in calendar days and never negative', () => {
    expect(dwellDays('2026-11-16', '2026-11-25')).toBe(9);
    expect(dwellDays('2026-11-26', '2026-11-25')).toBe(0);
  });

  it('starts weeks on Monday', () => {
    expect(weekStart('2026-11-22')).toBe('2026-11-16'); // Sunday
    expect(weekStart('2026-11-23')).toBe('2026-11-23'); // Monday
  });
});
