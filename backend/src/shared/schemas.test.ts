import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { isoDate, isoDateTime, pastDate, text } from './schemas.js';

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

afterEach(() => vi.useRealTimers());

describe('shared date schemas', () => {
  it('accept real dates from 01.01.1900 to 31.12.2099', () => {
    for (const d of ['1900-01-01', '2026-11-20', '2024-02-29', '2099-12-31']) expect(isoDate.safeParse(d).success, d).toBe(true);
  });

  it('refuse year 0000 and 9999 and dates before 1900 with the range message', () => {
    for (const d of ['0000-01-01', '9999-12-31', '1899-12-31', '2100-01-01']) expect(messages(isoDate, d), d).toEqual(['fields.dateRange']);
  });

  it('refuse dates that do not exist with one format issue', () => {
    for (const d of ['1900-01-00', '2026-02-30', '2025-02-29', '2026-13-01', '10000-01-01', '2026-1-1']) {
      const r = isoDate.safeParse(d);
      expect(r.success, d).toBe(false);
      expect(
        r.error!.issues.map((i) => i.code),
        d,
      ).toEqual(['invalid_format']);
    }
  });

  it('past dates: not after today (IST), with today in DD.MM.YYYY', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-05T20:00:00Z')); // 6 December in India
    expect(pastDate.safeParse('2026-12-06').success).toBe(true);
    const r = pastDate.safeParse('2026-12-07');
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ code: 'custom', message: 'fields.dateFuture', params: { today: '06.12.2026' } });
    expect(messages(pastDate, '1899-12-31')).toEqual(['fields.dateRange']);
  });

  it('timestamps within the same range', () => {
    expect(isoDateTime.safeParse('2026-12-06T10:00:00+05:30').success).toBe(true);
    expect(messages(isoDateTime, '0000-01-01T00:00:00Z')).toEqual(['fields.dateRange']);
    expect(messages(isoDateTime, '9999-12-31T23:59:59Z')).toEqual(['fields.dateRange']);
  });
});

describe('shared text schema', () => {
  it('drops invisible characters, trims, and then checks the length', () => {
    expect(text(20).parse('  \u202Eकोतवाली\u200B  ')).toBe('कोतवाली');
    expect(text(3).min(1).safeParse('\u200B\u200B').success).toBe(false);
    expect(text(3).safeParse('abc\u200B').success).toBe(true);
  });
});
