import type { EntityManager } from '@mikro-orm/postgresql';
import { histogram, monthStamps, tallySums, type HistRow, type TallyFilter, type TallyRow } from './rts-dashboard.queries.js';

/**
 * The sums and medians of a period, as the dashboard reads them. Finished months change only by a late
 * rating or a correction (the month stamps say when), so what was read of them — sums by key, the
 * processing-days histogram and its medians by group — is kept in the process, per database and
 * filter, and only the current month is read each time: the whole state's histogram of a year is some
 * 300,000 rows, its current month a twelfth of that, and only the groups it touched get their median again.
 */

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

/** Medians per service, office, designated post (`office|post`) and in all. */
export interface Medians {
  s: Map<string, number>;
  o: Map<string, number>;
  p: Map<string, number>;
  t: number | null;
}
export interface PeriodFigures {
  sums: TallyRow[];
  medians: Medians;
}

type Groups = Map<string, Map<number, number>>;
/** The histogram by group ('s|service', 'o|office', 'p|office|post', and 't' for all: the services add up to the whole). */
function groupsOf(rows: HistRow[]): Groups {
  const groups: Groups = new Map();
  const add = (k: string, days: number, n: number) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = new Map()));
    g.set(days, (g.get(days) ?? 0) + n);
  };
  for (const r of rows) {
    add(r.g === 's' ? `s|${r.service_id}` : r.g === 'o' ? `o|${r.office_id}` : `p|${r.office_id}|${r.post_id}`, r.days, r.n);
    if (r.g === 's') add('t', r.days, r.n);
  }
  return groups;
}

function split(medians: Map<string, number | null>): Medians {
  const out: Medians = { s: new Map(), o: new Map(), p: new Map(), t: null };
  for (const [k, m] of medians) {
    if (m === null) continue;
    if (k === 't') out.t = m;
    else if (k.startsWith('s|')) out.s.set(k.slice(2), m);
    else if (k.startsWith('o|')) out.o.set(k.slice(2), m);
    else out.p.set(k.slice(2), m);
  }
  return out;
}

/** Medians per service, office, designated post and in all from histogram rows (exact). */
export function mediansOf(hist: HistRow[]): Medians {
  return split(new Map([...groupsOf(hist)].map(([k, g]) => [k, median(g)])));
}

/** A histogram as sorted days with the running count up to each: a median of it plus a few more days is one walk. */
interface Sorted {
  days: number[];
  cum: number[];
}
function sorted(g: Map<number, number>): Sorted {
  const days = [...g.keys()].sort((a, b) => a - b);
  const cum: number[] = [];
  let c = 0;
  for (const d of days) cum.push((c += g.get(d)!));
  return { days, cum };
}

/** The median of a kept histogram with another (small) one added, without building the sum. */
function mergedMedian(a: Sorted | undefined, b: Sorted): number | null {
  const A = a ?? { days: [], cum: [] };
  const total = (A.cum.at(-1) ?? 0) + (b.cum.at(-1) ?? 0);
  if (total <= 0) return null;
  const at = (pos: number): number => {
    let i = 0;
    let j = 0;
    let ca = 0;
    let cb = 0;
    while (i < A.days.length || j < b.days.length) {
      const d = j >= b.days.length || (i < A.days.length && A.days[i]! <= b.days[j]!) ? A.days[i]! : b.days[j]!;
      while (i < A.days.length && A.days[i] === d) ca = A.cum[i++]!;
      while (j < b.days.length && b.days[j] === d) cb = b.cum[j++]!;
      if (ca + cb >= pos) return d;
    }
    return Math.max(A.days.at(-1) ?? 0, b.days.at(-1) ?? 0);
  };
  return (at(Math.floor((total + 1) / 2)) + at(Math.floor(total / 2) + 1)) / 2;
}

interface Closed {
  stamp: string;
  sums: Map<string, TallyRow>;
  groups: Map<string, Sorted>;
  medians: Map<string, number | null>;
}
/** Per ORM (one database), per period and filter; a handful of entries, the oldest dropped first. */
const kept = new WeakMap<object, Map<string, Closed>>();
const MAX_KEPT = 8;
const sumKey = (r: TallyRow) => `${r.g}|${r.service_id}|${r.office_id}|${r.post_id}|${r.month}`;
const EMPTY: Closed = { stamp: '', sums: new Map(), groups: new Map(), medians: new Map() };

function filterKey(f: TallyFilter, withHistogram: boolean): string {
  return JSON.stringify([
    f.from,
    f.to,
    f.officeIds ? [...f.officeIds].sort() : null,
    f.serviceId ?? null,
    f.atOfficeId ?? null,
    f.postId ?? null,
    withHistogram,
  ]);
}

/** The finished months' part, kept (sums by key, histogram and medians by group) while their stamps stay as they were. */
async function finished(em: EntityManager, f: TallyFilter, withHistogram: boolean): Promise<Closed> {
  const stamp = await monthStamps(em, f.from, f.to);
  let byFilter = kept.get(em.config);
  if (!byFilter) kept.set(em.config, (byFilter = new Map()));
  const key = filterKey(f, withHistogram);
  const hit = byFilter.get(key);
  if (hit && hit.stamp === stamp) return hit;
  const [sums, hist] = await Promise.all([tallySums(em, f), withHistogram ? histogram(em, f) : Promise.resolve([])]);
  const groups = groupsOf(hist);
  const entry: Closed = {
    stamp,
    sums: new Map(sums.map((r) => [sumKey(r), r])),
    groups: new Map([...groups].map(([k, g]) => [k, sorted(g)])),
    medians: new Map([...groups].map(([k, g]) => [k, median(g)])),
  };
  byFilter.delete(key);
  byFilter.set(key, entry);
  while (byFilter.size > MAX_KEPT) byFilter.delete(byFilter.keys().next().value!);
  return entry;
}

/**
 * The period's sums (per service, office, designated post, month and in all) and medians: finished
 * months from what is kept (read again when their stamps moved), the current month read now and added;
 * only the groups the current month touched have their median computed again.
 */
export async function periodData(em: EntityManager, f: TallyFilter, today: string, o: { histogram: boolean }): Promise<PeriodFigures> {
  const current = monthOf(today);
  const from = monthOf(f.from);
  const to = monthOf(f.to);
  const liveToo = from <= current && current <= to;
  const before = !liveToo ? f : from < current ? { ...f, to: firstDay(prevMonth(current)) } : null;
  const live: TallyFilter = { ...f, from: firstDay(current), to: firstDay(current) };
  const [closed, [liveSums, liveHist]] = await Promise.all([
    before ? finished(em, before, o.histogram) : Promise.resolve(EMPTY),
    liveToo
      ? Promise.all([tallySums(em, live), o.histogram ? histogram(em, live) : Promise.resolve([] as HistRow[])])
      : Promise.resolve([[], []] as [TallyRow[], HistRow[]]),
  ]);

  // sums: the kept rows as they are, those the current month touched added up anew
  const liveBy = new Map(liveSums.map((r) => [sumKey(r), r]));
  const sums: TallyRow[] = [];
  for (const [k, r] of closed.sums) {
    const l = liveBy.get(k);
    if (!l) {
      sums.push(r);
      continue;
    }
    const merged = { ...r };
    for (const n of NUMERIC) (merged[n] as number) = Number(r[n]) + Number(l[n]);
    sums.push(merged);
    liveBy.delete(k);
  }
  sums.push(...liveBy.values());

  // medians: the kept ones, and again for the groups the current month touched
  const medians = new Map(closed.medians);
  for (const [k, g] of groupsOf(liveHist)) medians.set(k, mergedMedian(closed.groups.get(k), sorted(g)));
  return { sums, medians: split(medians) };
}

/** The median of a kept histogram plus another (exported for its unit test). */
export const medianOfTwo = (a: Map<number, number>, b: Map<number, number>) => mergedMedian(sorted(a), sorted(b));

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
