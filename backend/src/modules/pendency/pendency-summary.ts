import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../../shared/scope.js';
import { istDate } from '../../shared/dates.js';
import { pgArray } from '../../shared/persistence.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import { resolveScope, type PendencyScope } from './pendency.policy.js';
import { ensureCalendars } from './pendency-maintenance.js';
import {
  ageCounts,
  currentWeek,
  dueCounts,
  heldCounts,
  hiddenCounts,
  pendingByOrigin,
  storedWeeks,
  sumWeeks,
  summaryFilters,
  unsummedWeeks,
} from './reports.queries.js';
import { addDays, weekStart } from './working-calendar.js';
import type { PendencyCounts, SummaryOut, SummaryQuery } from './pendency.schemas.js';

const zero = (): PendencyCounts => ({
  pending: 0,
  receipts: 0,
  files: 0,
  parked: 0,
  overdue: 0,
  overdueNoReason: 0,
  dueSoon: 0,
  hidden: 0,
  dwell: { upTo7: 0, upTo15: 0, upTo30: 0, over30: 0 },
  age: { upTo7: 0, upTo15: 0, upTo30: 0, over30: 0 },
});
function add(a: PendencyCounts, b: PendencyCounts): void {
  for (const k of ['pending', 'receipts', 'files', 'parked', 'overdue', 'overdueNoReason', 'dueSoon', 'hidden'] as const) a[k] += b[k];
  for (const k of ['upTo7', 'upTo15', 'upTo30', 'over30'] as const) {
    a.dwell[k] += b.dwell[k];
    a.age[k] += b.age[k];
  }
}

/**
 * Counts per holder post from the maintained tallies (pending items per post by arrival day, by
 * receipt day, by due date): a few thousand rows however many items are pending. "Today" and "due
 * soon" are parameters, so nothing stored goes stale as days pass. Graded items the viewer may not
 * see are counted from the pending rows themselves (a partial index holds only graded ones).
 */
async function countByPost(scope: Scope, ps: PendencyScope, q: Pick<SummaryQuery, 'type' | 'register'>, today: string, org: OrgSnapshot) {
  const postIds = [...org.posts.values()]
    .filter((p) => ps.officeIds.includes(p.officeId) && (ps.kind === 'offices' || p.id === ps.postId))
    .map((p) => p.id);
  const posts = pgArray(postIds);
  const [h, a, d, hidden] = await Promise.all([
    heldCounts(scope.em, posts, q, today),
    ageCounts(scope.em, posts, q, today),
    dueCounts(scope.em, posts, q, today, ps.rootOfficeId),
    ps.kind === 'post' || !scope.actor.heldPostIds.length
      ? Promise.resolve([])
      : hiddenCounts(scope.em, summaryFilters(ps, q), pgArray(scope.actor.heldPostIds)),
  ]);
  const by = <R extends { post: string }>(rows: R[]) => new Map(rows.map((r) => [r.post, r]));
  const [ages, dues, hiddenBy] = [by(a), by(d), by(hidden)];
  const byPost = new Map<string, PendencyCounts>();
  for (const r of h) {
    if (!r.pending) continue;
    const g: Partial<(typeof a)[number]> = ages.get(r.post) ?? {};
    const u: Partial<(typeof d)[number]> = dues.get(r.post) ?? {};
    byPost.set(r.post, {
      pending: r.pending,
      receipts: r.receipts,
      files: r.files,
      parked: r.parked,
      overdue: u.overdue ?? 0,
      overdueNoReason: u.overdue_no_reason ?? 0,
      dueSoon: u.due_soon ?? 0,
      hidden: hiddenBy.get(r.post)?.n ?? 0,
      dwell: { upTo7: r.d7, upTo15: r.d15, upTo30: r.d30, over30: r.d31 },
      age: { upTo7: g.a7 ?? 0, upTo15: g.a15 ?? 0, upTo30: g.a30 ?? 0, over30: g.a31 ?? 0 },
    });
  }
  return byPost;
}

/**
 * Received, disposed and pending at each week's end for items registered in the scope's offices.
 * Finished weeks never change, so their sums are stored once (pendency_week) and only the current
 * week is counted live; pending at a week's end is today's pending less what came in since, plus
 * what went out since. A post without supervision gets no trend (it is an office figure).
 */
async function weeklyTrend(
  scope: Scope,
  ps: PendencyScope,
  q: Pick<SummaryQuery, 'type' | 'weeks'>,
  today: string,
): Promise<SummaryOut['trend']> {
  if (ps.kind === 'post') return [];
  const current = weekStart(today);
  const weeks = Array.from({ length: q.weeks }, (_, i) => addDays(current, -7 * (q.weeks - 1 - i)));
  const past = weeks.slice(0, -1);
  const offices = pgArray(ps.officeIds);
  if (past.length) await fillWeeks(scope.em, past);
  const [stored, live, [pendingNow]] = await Promise.all([
    past.length ? storedWeeks(scope.em, offices, pgArray(past), q.type) : Promise.resolve([]),
    currentWeek(scope.em, current, offices, q.type),
    pendingByOrigin(scope.em, offices, q.type),
  ]);
  const byWeek = new Map<string, { received: number; disposed: number }>(
    stored.map((r) => [r.week, { received: r.received, disposed: r.disposed }]),
  );
  byWeek.set(current, { received: live[0]?.received ?? 0, disposed: live[0]?.disposed ?? 0 });
  let pending = Number(pendingNow?.n ?? 0);
  const out: SummaryOut['trend'] = [];
  for (const w of [...weeks].reverse()) {
    const f = byWeek.get(w) ?? { received: 0, disposed: 0 };
    out.push({ weekStart: w, weekEnd: addDays(w, 6), received: f.received, disposed: f.disposed, pendingAtEnd: Math.max(0, pending) });
    pending = pending - f.received + f.disposed;
  }
  return out.reverse();
}

/** Sums finished weeks that are not stored yet, for every office and item type at once. */
export async function fillWeeks(em: EntityManager, weeks: string[]): Promise<void> {
  const missing = await unsummedWeeks(em, pgArray(weeks));
  if (!missing.length) return;
  const from = missing.reduce((a: string, b: string) => (a < b ? a : b));
  const to = addDays(
    missing.reduce((a: string, b: string) => (a > b ? a : b)),
    7,
  );
  await sumWeeks(em, pgArray(missing), from, to);
}

/** The pendency dashboard of the acting post's scope: office → section → post, with totals and the weekly trend. */
export async function pendencySummary(scope: Scope, q: SummaryQuery): Promise<SummaryOut> {
  const org = await loadOrg(scope.em);
  const ps = resolveScope(scope.actor, org, q.officeId);
  await ensureCalendars(scope.em);
  const asOf = new Date();
  const today = istDate(asOf);
  const [byPost, trend] = await Promise.all([countByPost(scope, ps, q, today, org), weeklyTrend(scope, ps, q, today)]);
  return {
    asOf: asOf.toISOString(),
    today,
    scope: { kind: ps.kind, office: org.officeRef(ps.rootOfficeId), post: org.postRef(ps.postId) },
    ...tree(org, ps, byPost),
    trend,
  };
}

/** Rolls the per-post counts up into sections, offices and the scope's total; every active post is listed. */
export function tree(org: OrgSnapshot, ps: PendencyScope, byPost: Map<string, PendencyCounts>) {
  const totals = zero();
  const offices = ps.offices.map(({ id, depth }) => {
    const posts = [...org.posts.values()]
      .filter((p) => p.officeId === id && (ps.kind === 'offices' || p.id === ps.postId) && (p.active || byPost.has(p.id)))
      .sort((a, b) => a.code.localeCompare(b.code));
    const bySection = new Map<string | null, typeof posts>();
    for (const p of posts) bySection.set(p.sectionId, [...(bySection.get(p.sectionId) ?? []), p]);
    const sectionIds = [...bySection.keys()].sort((a, b) =>
      a === null ? 1 : b === null ? -1 : org.sections.get(a)!.code.localeCompare(org.sections.get(b)!.code),
    );
    const officeTotals = zero();
    const sections = sectionIds.map((sid) => {
      const sectionTotals = zero();
      const list = bySection.get(sid)!.map((p) => {
        const c = byPost.get(p.id) ?? zero();
        add(sectionTotals, c);
        return { post: org.postRef(p.id), totals: c };
      });
      add(officeTotals, sectionTotals);
      return { section: sid && org.sections.has(sid) ? org.sectionRef(sid) : null, totals: sectionTotals, posts: list };
    });
    add(totals, officeTotals);
    return { office: org.officeRef(id), depth, totals: officeTotals, sections };
  });
  return { totals, offices };
}
