import type { Bilingual, Locale, PostRef } from '../../api/types';
import { pick } from '../../i18n';

/** "designation — office" of a post in the given language. */
export function postLabel(p: Pick<PostRef, 'designation' | 'officeName'> | null | undefined, locale: Locale): string {
  if (!p) return '';
  return `${pick(p.designation, locale)} — ${pick(p.officeName, locale)}`;
}

export function bilingual(v: Bilingual | null | undefined, locale: Locale): string {
  return pick(v, locale);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago" / "3 घंटे पहले". */
export function relativeTime(iso: string | null | undefined, locale: Locale, now: Date = new Date()): string {
  if (!iso) return '';
  const seconds = (new Date(iso).getTime() - now.getTime()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale === 'hi' ? 'hi-IN' : 'en-IN', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(0, 'second');
}

/** Dates and times are shown in one way everywhere: see composables/dates.ts. */
export { formatDateTime } from '../../composables/dates';

export const prioritySeverity = (p: string) => (p === 'most_immediate' ? 'danger' : p === 'immediate' ? 'warn' : 'secondary');
export const gradingSeverity = (g: string) => (g === 'secret' ? 'danger' : g === 'confidential' ? 'warn' : 'secondary');
export const statusSeverity = (s: string) => (s === 'draft' ? 'warn' : s === 'diarised' ? 'success' : 'secondary');

/** Days, hours and minutes of a span, for "held 2 d 3 h"; the two largest non-zero units are shown. */
export function durationParts(seconds: number): { key: 'dh' | 'hm' | 'm'; d: number; h: number; m: number } {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return { key: d > 0 ? 'dh' : h > 0 ? 'hm' : 'm', d, h, m };
}
