import { describe, expect, it } from 'vitest';
import { formatDmy, formatDmyTime, istToday } from './dates';

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
    expect(istToday(new Date('2026-12-06T18:40:00.000Z'))).toBe('2026-12-07');
    expect(istToday(new Date('2026-12-06T18:20:00.000Z'))).toBe('2026-12-06');
  });
});
