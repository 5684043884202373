import type { Locale } from '../api/types';

/** A calendar date as the API wants it (YYYY-MM-DD), from the local date the user picked. */
export function toIsoDate(d: Date): string {
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}

export function fromIsoDate(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  return fromIsoDate(iso).toLocaleDateString(locale === 'hi' ? 'hi-IN' : 'en-IN', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/** Dates and times in Patravali are Indian Standard Time, whatever the computer's own zone. */
const IST = 'Asia/Kolkata';
const istDay = new Intl.DateTimeFormat('en-CA', { timeZone: IST, year: 'numeric', month: '2-digit', day: '2-digit' });
const istClock = new Intl.DateTimeFormat('en-GB', { timeZone: IST, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Today in India, as YYYY-MM-DD (the registers' default day, as the server has it). */
export const istToday = (now: Date = new Date()): string => istDay.format(now);

/** 'YYYY-MM-DD' → 'DD.MM.YYYY', as Indian offices write dates (and as the printed registers have them). */
export const formatDmy = (iso: string | null | undefined): string => (iso ? iso.split('-').reverse().join('.') : '');

/** An exact moment (ISO 8601) as its IST date and 24-hour time, 'DD.MM.YYYY HH:mm' — the same in Hindi and English, as in the printed registers. */
export function formatDmyTime(at: string | null | undefined): string {
  if (!at) return '';
  const d = new Date(at);
  return `${formatDmy(istDay.format(d))} ${istClock.format(d)}`;
}
