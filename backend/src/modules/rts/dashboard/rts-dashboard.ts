import type { Scope } from '../../../shared/scope.js';
import { t } from '../../../shared/i18n.js';
import { addMonths, departmentOf, officeRef, rtsContext, serviceRef } from './rts-context.js';
import { isWholeState, pendingNow, type PendingRow, type TallyRow } from './rts-dashboard.queries.js';
import { periodData } from './rts-figures.js';
import type { DashboardOut, DashboardQuery, Delay, Figures } from './rts-dashboard.schemas.js';

const round2 = (x: number) => Math.round(x * 100) / 100;
/** a ÷ b as a percentage with two decimals; null when b is 0. */
export const percent = (a: number, b: number): number | null => (b ? round2((a * 100) / b) : null);

type Pending = { pending: number; beyond: number };
const ZERO_TALLY: Omit<TallyRow, 'g' | 'service_id' | 'office_id' | 'post_id' | 'month'> = {
  received: 0,
  disposed: 0,
  on_time: 0,
  days_sum: 0,
  rated: 0,
  rating_sum: 0,
  r1: 0,
  r2: 0,
  r3: 0,
  r4: 0,
  r5: 0,
  filed1: 0,
  filed2: 0,
  filed3: 0,
  decided1: 0,
  decided2: 0,
  decided3: 0,
  penalties: 0,
  penalty_amount: 0,
  compensations: 0,
  compensation_amount: 0,
};

/** The figures of one row (a service, an office, an officer, the total) from its sums, its median and what is pending now. */
export function figuresOf(s: Partial<TallyRow> | undefined, median: number | null | undefined, p: Pending | undefined): Figures {
  const x = s ?? ZERO_TALLY;
  const v = (k: keyof typeof ZERO_TALLY) => Number(x[k] ?? 0);
  const [received, disposed, onTime, daysSum, rated] = [v('received'), v('disposed'), v('on_time'), v('days_sum'), v('rated')];
  const pending = p?.pending ?? 0;
  const beyond = p?.beyond ?? 0;
  return {
    received,
    disposed,
    onTime,
    late: disposed - onTime,
    processingRate: percent(disposed, received),
    onTimePct: percent(onTime, disposed),
    averageDays: disposed ? round2(daysSum / disposed) : null,
    medianDays: median ?? null,
    pending,
    beyond,
    pendencyPct: percent(beyond, pending),
    appeals: { filed: [v('filed1'), v('filed2'), v('filed3')], decided: [v('decided1'), v('decided2'), v('decided3')] },
    penalties: { count: v('penalties'), amount: v('penalty_amount') },
    compensation: { count: v('compensations'), amount: v('compensation_amount') },
    rating: { average: rated ? round2(v('rating_sum') / rated) : null, count: rated },
  };
}

/** The delay figures of a row, and what the ranking sorts by. */
export function delayOf(
  f: Pick<Figures, 'received' | 'disposed' | 'late' | 'pending' | 'beyond' | 'averageDays'>,
  daysSum?: number,
): Delay {
  const delayed = f.late + f.beyond;
  return {
    received: f.received,
    disposed: f.disposed,
    late: f.late,
    pending: f.pending,
    beyond: f.beyond,
    onTimePct: percent(f.disposed - f.late, f.disposed),
    pendencyPct: percent(f.beyond, f.pending),
    delayed,
    delayPct: percent(delayed, f.disposed + f.pending),
    averageDays: daysSum !== undefined ? (f.disposed ? round2(daysSum / f.disposed) : null) : f.averageDays,
  };
}

/** Designated officers listed for the whole state: those with the most missed timelines (narrowing to an office lists every one). */
export const MAX_STATE_OFFICERS = 200;

const byDelay = (a: Delay, b: Delay) => (b.delayPct ?? -1) - (a.delayPct ?? -1) || b.delayed - a.delayed || b.received - a.received;

export const DEFINITIONS = ['processingRate', 'onTimePct', 'processingTime', 'pendencyPct', 'delayPct', 'appeals'] as const;
/** The figures' definitions in both languages (the dashboard shows them; the PDF prints them). */
export const definitions = () =>
  DEFINITIONS.map((key) => ({
    key,
    label: { en: t('en', `rtsDashboard.definitions.${key}.label`), hi: t('hi', `rtsDashboard.definitions.${key}.label`) },
    text: { en: t('en', `rtsDashboard.definitions.${key}.text`), hi: t('hi', `rtsDashboard.definitions.${key}.text`) },
  }));

/**
 * The RTS dashboard of the acting post's scope over whole months: the headline figures Apuni Sarkar
 * publishes (processing rate, on-time delivery, median and average processing time, pendency), per
 * service, office and designated officer with appeals, penalties, compensation and ratings; the
 * monthly trend; offices and departments ranked by delay. Sums come from the monthly tallies, medians
 * from the processing-days histogram, pending figures from the pending applications themselves.
 */
export async function rtsDashboard(scope: Scope, q: DashboardQuery): Promise<DashboardOut> {
  const ctx = await rtsContext(scope, q);
  const { org, rs, filter, today, period } = ctx;
  const asOf = new Date();
  const key = (r: { office_id: string | null; post_id: string | null }) => `${r.office_id}|${r.post_id}`;
  const [{ sums, medians: medBy }, pend] = await Promise.all([
    periodData(scope.em, filter, today, { histogram: true }),
    pendingNow(scope.em, filter, today),
  ]);
  let shownOfficers: Set<string> | null = null;
  if (isWholeState(filter)) {
    // the whole state: the designated officers with the most missed timelines; narrowing to an office lists every one
    const delayed = new Map<string, { k: string; n: number; received: number }>();
    for (const r of sums.filter((x) => x.g === 'p')) delayed.set(key(r), { k: key(r), n: r.disposed - r.on_time, received: r.received });
    for (const r of pend) {
      const d = delayed.get(key(r)) ?? { k: key(r), n: 0, received: 0 };
      d.n += r.beyond;
      delayed.set(key(r), d);
    }
    const top = [...delayed.values()]
      .sort((a, b) => b.n - a.n || b.received - a.received || a.k.localeCompare(b.k))
      .slice(0, MAX_STATE_OFFICERS);
    shownOfficers = new Set(top.map((d) => d.k));
  }
  const pendBy = {
    s: new Map<string, Pending>(),
    o: new Map<string, Pending>(),
    p: new Map<string, Pending>(),
    t: { pending: 0, beyond: 0 },
  };
  const add = (m: Map<string, Pending>, k: string, r: PendingRow) => {
    const v = m.get(k) ?? { pending: 0, beyond: 0 };
    v.pending += r.pending;
    v.beyond += r.beyond;
    m.set(k, v);
  };
  for (const r of pend) {
    add(pendBy.s, r.service_id, r);
    add(pendBy.o, r.office_id, r);
    add(pendBy.p, key(r), r);
    pendBy.t.pending += r.pending;
    pendBy.t.beyond += r.beyond;
  }
  const sumBy = {
    s: new Map<string, TallyRow>(),
    o: new Map<string, TallyRow>(),
    p: new Map<string, TallyRow>(),
    m: new Map<string, TallyRow>(),
  };
  let total: TallyRow | undefined;
  for (const r of sums) {
    if (r.g === 's') sumBy.s.set(r.service_id!, r);
    else if (r.g === 'o') sumBy.o.set(r.office_id!, r);
    else if (r.g === 'p') sumBy.p.set(key(r), r);
    else if (r.g === 'm') sumBy.m.set(r.month!, r);
    else total = r;
  }

  const services = [...new Set([...sumBy.s.keys(), ...pendBy.s.keys()])]
    .map((id) => ({ service: serviceRef(ctx.services.get(id), id), ...figuresOf(sumBy.s.get(id), medBy.s.get(id), pendBy.s.get(id)) }))
    .sort((a, b) => b.received - a.received || a.service.code.localeCompare(b.service.code));
  const officeOrder = (id: string) => org.offices.get(id)?.code ?? id;
  const offices = [...new Set([...sumBy.o.keys(), ...pendBy.o.keys()])]
    .sort((a, b) => officeOrder(a).localeCompare(officeOrder(b)))
    .map((id) => ({
      office: officeRef(org, id),
      department: officeRef(org, departmentOf(org, id)),
      ...figuresOf(sumBy.o.get(id), medBy.o.get(id), pendBy.o.get(id)),
    }));
  const officerKeys = [...new Set([...sumBy.p.keys(), ...pendBy.p.keys()])];
  const officers = officerKeys
    .filter((k) => !shownOfficers || shownOfficers.has(k))
    .map((k) => {
      const [officeId, postId] = k.split('|') as [string, string];
      return { post: org.postRef(postId), officeId, ...figuresOf(sumBy.p.get(k), medBy.p.get(k), pendBy.p.get(k)) };
    })
    .sort((a, b) => officeOrder(a.officeId).localeCompare(officeOrder(b.officeId)) || a.post.code.localeCompare(b.post.code));

  const trend: DashboardOut['trend'] = [];
  for (let m = period.from; m <= period.to; m = addMonths(m, 1)) {
    const { received, disposed, onTime, late, processingRate, onTimePct, averageDays } = figuresOf(sumBy.m.get(m), null, undefined);
    trend.push({ month: m, received, disposed, onTime, late, processingRate, onTimePct, averageDays });
  }

  const rankedOffices = offices
    .map((o) => ({ office: o.office, ...delayOf(o) }))
    .filter((o) => o.disposed + o.pending > 0)
    .sort(byDelay);
  const depts = new Map<string, { f: Delay; days: number; offices: number }>();
  for (const o of offices) {
    const d = depts.get(o.department.id) ?? { f: delayOf(figuresOf(undefined, null, undefined)), days: 0, offices: 0 };
    for (const k of ['received', 'disposed', 'late', 'pending', 'beyond'] as const) d.f[k] += o[k];
    d.days += Number(sumBy.o.get(o.office.id)?.days_sum ?? 0);
    d.offices += 1;
    depts.set(o.department.id, d);
  }
  const departments = [...depts.entries()]
    .map(([id, d]) => ({ department: officeRef(org, id), offices: d.offices, ...delayOf({ ...d.f, averageDays: null }, d.days) }))
    .filter((d) => d.disposed + d.pending > 0)
    .sort(byDelay);

  return {
    asOf: asOf.toISOString(),
    today,
    period,
    scope: { kind: rs.kind, office: rs.rootOfficeId ? officeRef(org, rs.rootOfficeId) : null, post: org.postRef(rs.postId) },
    definitions: definitions(),
    totals: figuresOf(total, medBy.t, pendBy.t),
    services,
    offices,
    officers,
    officersTotal: officerKeys.length,
    trend,
    ranking: { offices: rankedOffices.slice(0, 25), departments },
  };
}
