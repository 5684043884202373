import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDmy, formatDmyTime, formatTime, istDate, parseDate } from './dates';

const NOW = new Date('2026-12-06T10:00:00+05:30');
const ok = (iso: string) => ({ ok: true, iso });

describe('parseDate', () => {
  it.each([
    ['14.12.2026', '2026-12-14'],
    ['14/12/2026', '2026-12-14'],
    ['14-12-2026', '2026-12-14'],
    ['2026-12-14', '2026-12-14'],
    ['30.11.2026', '2026-11-30'],
    ['30/11/2026', '2026-11-30'],
    ['3.11.26', '2026-11-03'],
    ['3.1.2026', '2026-01-03'],
    [' 01.04.2026 ', '2026-04-01'],
    ['29.02.2028', '2028-02-29'],
    ['15.08.47', '1947-08-15'],
    ['1.1.46', '2046-01-01'],
  ])('reads %s as %s', (typed, iso) => expect(parseDate(typed, NOW)).toEqual(ok(iso)));

  it.each(['31.02.2026', '29.02.2026', '31.04.2026', '00.12.2026', '14.13.2026', '14.00.2026', '2026-02-30', '2026-13-01'])(
    'refuses %s: no such day',
    (typed) => expect(parseDate(typed, NOW)).toEqual({ ok: false, reason: 'impossible' }),
  );

  it.each(['', 'abc', '2026-12-1x', '14.12', '14.12.202', '14.12/2026', '141220266', '2026', '14 Dec 2026', '12.2026'])(
    'refuses %j: not a date',
    (typed) => expect(parseDate(typed, NOW)).toEqual({ ok: false, reason: 'format' }),
  );

  it('never reads a partly typed ISO date as another day', () => {
    // what the old picker did on Tab: "2026-12-1" became 01.12.2026
    expect(parseDate('2026-12-14', NOW)).toEqual(ok('2026-12-14'));
    expect(parseDate('2026-12-', NOW)).toEqual({ ok: false, reason: 'format' });
  });
});

describe('date display', () => {
  it('shows input dates as DD.MM.YYYY', () => {
    expect(formatDmy('2026-12-14')).toBe('14.12.2026');
    expect(formatDmy(null)).toBe('');
  });
  it('shows dates with the month name in the user language', () => {
    expect(formatDate('2026-12-14', 'hi')).toBe('14 दिसंबर 2026');
    expect(formatDate('2026-12-14', 'en')).toBe('14 Dec 2026');
  });
  it('shows times in India on the 24-hour clock, without am/pm', () => {
    const at = '2026-12-14T10:35:00Z';
    expect(formatTime(at, 'hi')).toBe('16:05');
    expect(formatDateTime(at, 'hi')).toBe('14 दिसंबर 2026, 16:05');
    expect(formatDateTime(at, 'en')).toBe('14 Dec 2026, 16:05');
    expect(formatDateTime('2026-12-14T20:00:00Z', 'en')).toBe('15 Dec 2026, 01:30');
    expect(istDate(new Date('2026-12-14T20:00:00Z'))).toBe('2026-12-15');
  });
});

describe('Indian dates and exact times', () => {
  it('writes a date as DD.MM.YYYY', () => {
    expect(formatDmy('2026-12-06')).toBe('06.12.2026');
    expect(formatDmy(null)).toBe('');
  });

  it('writes a moment as its IST date and 24-hour time, whatever the computer’s zone', () => {
    // 18:40 UTC is 00:10 the next day in India
    expect(formatDmyTime('2026-12-06T18:40:00.000Z')).toBe('07.12.2026 00:10');
    expect(formatDmyTime('2026-01-31T09:05:59.000Z')).toBe('31.01.2026 14:35');
    expect(formatDmyTime(null)).toBe('');
  });

  it('knows today in India', () => {
    expect(istDate(new Date('2026-12-06T18:40:00.000Z'))).toBe('2026-12-07');
    expect(istDate(new Date('2026-12-06T18:20:00.000Z'))).toBe('2026-12-06');
  });
});
