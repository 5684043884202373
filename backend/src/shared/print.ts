import { z } from 'zod';
import { formatDmy, istDate, istDmyTime } from './dates.js';
import { t, type Locale } from './i18n.js';
import { isoDate } from './schemas.js';

/**
 * What every printed document and register export shares: its language, the `print.*` messages,
 * the footer, the period a register covers, and the query pieces of their routes.
 */

/** `lang` of a print route: the language the document is printed in (default: the user's). */
export const printLang = z.enum(['hi', 'en']).optional().describe('language of the printed document (default: the user’s language)');

/** The days a register covers (IST): `from` … `to`, both optional (default: today), at most a year apart. */
export const periodQuery = z.object({
  from: isoDate.optional().describe('first day (IST, YYYY-MM-DD); default: today'),
  to: isoDate.optional().describe('last day, inclusive; default: `from`'),
});

/** Refinement for a query with a period: `from` ≤ `to`, at most 366 days. */
export function periodInOrder(v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  const { from, to } = resolvePeriod(v);
  if (from > to || Date.parse(to) - Date.parse(from) > 366 * 86_400_000)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'fields.periodRange' });
}

/** The period asked for, defaults filled in. */
export function resolvePeriod(v: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const from = v.from ?? v.to ?? istDate();
  return { from, to: v.to ?? from };
}

/** The instants bounding a period of IST days: [start of `from`, start of the day after `to`). */
export function periodBounds(p: { from: string; to: string }): { start: Date; end: Date } {
  return { start: new Date(`${p.from}T00:00:00+05:30`), end: new Date(Date.parse(`${p.to}T00:00:00+05:30`) + 86_400_000) };
}

export interface Printing {
  locale: Locale;
  /** A `print.*` message. */
  tr(key: string, params?: Record<string, unknown>): string;
  /** Picks the Hindi or English of a bilingual name. */
  name(b: { hi: string; en: string }): string;
  /** When the document is printed, DD.MM.YYYY HH:MM (IST). */
  at: string;
  /** The footer of a document titled `title`: "Patravali — title — page 2 of 5 — printed …". */
  footer(title: string): (page: number, pages: number) => string;
  /** A period in words ("Period: 01.12.2026 to 14.12.2026", or "Date: 14.12.2026" for one day). */
  period(p: { from: string; to: string }): string;
}

export function printing(locale: Locale, now = new Date()): Printing {
  const tr = (key: string, params?: Record<string, unknown>) => t(locale, `print.${key}`, params);
  const at = istDmyTime(now);
  return {
    locale,
    tr,
    at,
    name: (b) => (locale === 'hi' ? b.hi : b.en),
    footer: (title) => (page, pages) => tr('footer', { title, page, pages, at }),
    period: (p) =>
      p.from === p.to ? tr('day', { date: formatDmy(p.from) }) : tr('period', { from: formatDmy(p.from), to: formatDmy(p.to) }),
  };
}
