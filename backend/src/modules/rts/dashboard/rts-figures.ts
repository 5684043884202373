import type { EntityManager } from '@mikro-orm/postgresql';
import { histogram, monthStamps, tallySums, type HistRow, type TallyFilter, type TallyRow } from './rts-dashboard.queries.js';

/**
 * The sums and the processing-days histogram of a period, as the dashboard reads them. Finished months
 * change only by a late rating or a correction (the month stamps say when), so what was read of them is
 * kept in the process, per database and filter, and only the current month is read each time: the
 * whole state's histogram of a year is some 300,000 rows, its current month a twelfth of that.
 */
export interface PeriodData {
  sums: TallyRow[];
  hist: HistRow[];
}

const NUMERIC: ReadonlyArray<keyof TallyRow> = [
  'received',
  'disposed',
  'on_time',
  'days_sum',
  'rated',
  'rating_sum',
  'r1',
  'r2',
  'r3',
  'r4',
  'r5',
  'filed1',
  'filed2',
  'filed3',
  'decided1',
  'decided2',
  'decided3',
  'penalties',
  'penalty_amount',
  'compensations',
  'compensation_amount',
];

const monthOf = (isoDay: string) => isoDay.slice(0, 7);
const firstDay = (month: string) => `${month}-01`;
function prevMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

interface Kept extends PeriodData {
  stamp: string;
  at: number;
}
/** Per ORM (one database), per period and filter; a handful of entries, the oldest dropped first. */
const kept = new WeakMap<object, Map<string, Kept>>();
const MAX_KEPT = 8;

function filterKey(f: TallyFilter, to: string): string {
  return JSON.stringify([
    f.from,
    to,
    f.officeIds ? [...f.officeIds].sort() : null,
    f.serviceId ?? null,
    f.atOfficeId ?? null,
    f.postId ?? null,
  ]);
}

/** The finished months' part, kept while their stamps stay as they were. */
async function finished(em: EntityManager, f: TallyFilter, withHistogram: boolean): Promise<PeriodData> {
  const stamp = await monthStamps(em, f.from, f.to);
  let byFilter = kept.get(em.config);
  if (!byFilter) kept.set(em.config, (byFilter = new Map()));
  const key = filterKey(f, f.to) + (withHistogram ? '+h' : '');
  const hit = byFilter.get(key);
  if (hit && hit.stamp === stamp) return hit;
  const [sums, hist] = await Promise.all([tallySums(em, f), withHistogram ? histogram(em, f) : Promise.resolve([])]);
  byFilter.delete(key);
  byFilter.set(key, { sums, hist, stamp, at: Date.now() });
  while (byFilter.size > MAX_KEPT) byFilter.delete(byFilter.keys().next().value!);
  return { sums, hist };
}

const sumKey = (r: TallyRow) => `${r.g}|${r.service_id}|${r.office_id}|${r.post_id}|${r.month}`;
const histKey = (r: HistRow) => `${r.g}|${r.service_id}|${r.office_id}|${r.post_id}|${r.days}`;

/** The two parts added together: sums by their keys, the histogram by key and days. */
function merge(a: PeriodData, b: PeriodData): PeriodData {
  const sums = new Map<string, TallyRow>();
  for (const r of [...a.sums, ...b.sums]) {
    const k = sumKey(r);
    const have = sums.get(k);
    if (!have) sums.set(k, { ...r });
    else for (const f of NUMERIC) (have[f] as number) = Number(have[f]) + Number(r[f]);
  }
  const hist = new Map<string, HistRow>();
  for (const r of [...a.hist, ...b.hist]) {
    const k = histKey(r);
    const have = hist.get(k);
    if (!have) hist.set(k, { ...r });
    else have.n += r.n;
  }
  return { sums: [...sums.values()], hist: [...hist.values()] };
}

/**
 * The period's sums (per service, office, designated post, month and in all) and, when asked, its
 * histogram: finished months from what is kept (read again when their stamps moved), the current
 * month read now.
 */
export async function periodData(em: EntityManager, f: TallyFilter, today: string, o: { histogram: boolean }): Promise<PeriodData> {
  const current = monthOf(today);
  const from = monthOf(f.from);
  const to = monthOf(f.to);
  if (to < current || from > current) {
    return finished(em, f, o.histogram);
  }
  const live: TallyFilter = { ...f, from: firstDay(current), to: firstDay(current) };
  const before = from < current ? { ...f, to: firstDay(prevMonth(current)) } : null;
  const [old, now] = await Promise.all([
    before ? finished(em, before, o.histogram) : Promise.resolve({ sums: [], hist: [] }),
    Promise.all([tallySums(em, live), o.histogram ? histogram(em, live) : Promise.resolve([])]).then(([sums, hist]) => ({ sums, hist })),
  ]);
  const merged = merge(old, now);
  // the total of a period is one row ('t'); both parts had theirs
  return merged;
}

/**
 * Medians per service, office, designated post and in all from the histogram: the middle value (the mean
 * of the two middle ones for an even count), exact.
 */
export function mediansOf(hist: HistRow[]): { s: Map<string, number>; o: Map<string, number>; p: Map<string, number>; t: number | null } {
  const groups = new Map<string, Map<number, number>>();
  const add = (k: string, days: number, n: number) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = new Map()));
    g.set(days, (g.get(days) ?? 0) + n);
  };
  for (const r of hist) {
    const k = r.g === 's' ? `s|${r.service_id}` : r.g === 'o' ? `o|${r.office_id}` : `p|${r.office_id}|${r.post_id}`;
    add(k, r.days, r.n);
    // every disposal has one service: the services' histograms add up to the whole
    if (r.g === 's') add('t', r.days, r.n);
  }
  const out = { s: new Map<string, number>(), o: new Map<string, number>(), p: new Map<string, number>(), t: null as number | null };
  for (const [k, g] of groups) {
    const m = median(g);
    if (m === null) continue;
    if (k === 't') out.t = m;
    else if (k.startsWith('s|')) out.s.set(k.slice(2), m);
    else if (k.startsWith('o|')) out.o.set(k.slice(2), m);
    else out.p.set(k.slice(2), m);
  }
  return out;
}

/** The median of a histogram (days → how many). */
export function median(h: Map<number, number>): number | null {
  const days = [...h.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = days.reduce((t, [, n]) => t + n, 0);
  if (!total) return null;
  const at = (pos: number) => {
    let cum = 0;
    for (const [d, n] of days) {
      cum += n;
      if (cum >= pos) return d;
    }
    return days[days.length - 1]![0];
  };
  return (at(Math.floor((total + 1) / 2)) + at(Math.floor(total / 2) + 1)) / 2;
}
