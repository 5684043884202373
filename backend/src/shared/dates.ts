/** Calendar dates in Patravali are Indian Standard Time dates, as 'YYYY-MM-DD'. */
export const TIME_ZONE = 'Asia/Kolkata';

const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function istDate(at: Date = new Date()): string {
  return fmt.format(at);
}

export function formatIstDateTime(at: Date, locale: 'hi' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'hi' ? 'hi-IN' : 'en-IN', {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);
}

/** A timestamp as ISO 8601, or null. */
export const isoOrNull = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** 'YYYY-MM-DD' → 'DD.MM.YYYY', as dates are written in Indian offices (and in messages). */
export const formatDmy = (iso: string): string => iso.split('-').reverse().join('.');

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const clockSeconds = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A moment as its IST date, DD.MM.YYYY (printed registers, slips, letters). */
export const istDmy = (at: Date): string => formatDmy(istDate(at));

/** A moment as IST date and 24-hour time, "DD.MM.YYYY HH:MM" (or "HH:MM:SS") — the same in Hindi and English (no am/pm). */
export const istDmyTime = (at: Date, o: { seconds?: boolean } = {}): string =>
  `${istDmy(at)} ${(o.seconds ? clockSeconds : clock).format(at)}`;

/** A calendar date 'YYYY-MM-DD' moved by `days` (calendar days; negative goes back). */
export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
