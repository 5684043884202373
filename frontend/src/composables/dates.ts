import type { Locale } from '../api/types';

/**
 * Calendar dates in the app: the API speaks ISO 'YYYY-MM-DD' (Indian Standard Time dates); people type
 * and read them as Indian offices write them, DD.MM.YYYY, with the month's name where there is room.
 * Every date input (DateField) and date display goes through here.
 */

/** The time zone every date and time is shown in, as the server keeps them (backend/src/shared/dates.ts). */
export const TIME_ZONE = 'Asia/Kolkata';

const intlLocale = (locale: Locale) => (locale === 'hi' ? 'hi-IN' : 'en-IN');
const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar date as the API wants it (YYYY-MM-DD), from the local date the user picked. */
export function toIsoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function fromIsoDate(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** The date in India of a moment (default: now), YYYY-MM-DD. */
export function istDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** 'YYYY-MM-DD' → 'DD.MM.YYYY' (what a date input shows). */
export function formatDmy(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export type ParsedDate = { ok: true; iso: string } | { ok: false; reason: 'format' | 'impossible' };

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * A typed date: DD.MM.YYYY, DD/MM/YYYY, DD-MM-YYYY, D.M.YY (any of the three separators, one or two
 * digits for day and month) or ISO YYYY-MM-DD. A two-digit year is the one of 20YY and 19YY that is
 * at most 20 years ahead of `now`. A date that does not exist (31.02.2026, 13th month) is refused with
 * 'impossible' — never rolled over into another day; anything else unreadable is 'format'.
 */
export function parseDate(input: string, now: Date = new Date()): ParsedDate {
  const s = input.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(s);
  const dmy = /^(\d{1,2})([-./])(\d{1,2})\2(\d{4}|\d{2})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) {
    [d, m, y] = [Number(dmy[1]), Number(dmy[3]), Number(dmy[4])];
    if (dmy[4]!.length === 2) {
      const limit = Number(istDate(now).slice(0, 4)) + 20;
      y = 2000 + y <= limit ? 2000 + y : 1900 + y;
    }
  } else return { ok: false, reason: 'format' };
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return { ok: false, reason: 'impossible' };
  return { ok: true, iso: `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}` };
}

/** A date for reading: "14 दिसंबर 2026" / "14 Dec 2026". */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  return fromIsoDate(iso).toLocaleDateString(intlLocale(locale), {
    day: 'numeric',
    month: locale === 'hi' ? 'long' : 'short',
    year: 'numeric',
  });
}

/** Day and month only ("14 दिस॰" / "14 Dec"), for chart axes. */
export function formatDayMonth(iso: string, locale: Locale): string {
  return fromIsoDate(iso).toLocaleDateString(intlLocale(locale), { day: 'numeric', month: 'short' });
}

/** A moment's time of day in India, 24-hour "16:05" — Hindi's CLDR day periods are the Latin "am"/"pm". */
export function formatTime(at: string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(at),
  );
}

/** A moment as its date in India and 24-hour time: "14 दिसंबर 2026, 16:05" / "14 Dec 2026, 16:05". */
export function formatDateTime(at: string | null | undefined, locale: Locale): string {
  if (!at) return '';
  return `${formatDate(istDate(new Date(at)), locale)}, ${formatTime(at, locale)}`;
}

/** Dates and times in Patravali are Indian Standard Time, whatever the computer's own zone. */
const istClock = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An exact moment (ISO 8601) as its IST date and 24-hour time, 'DD.MM.YYYY HH:mm' — the same in Hindi and English, as in the printed registers. */
export function formatDmyTime(at: string | null | undefined): string {
  if (!at) return '';
  const d = new Date(at);
  return `${formatDmy(istDate(d))} ${istClock.format(d)}`;
}
