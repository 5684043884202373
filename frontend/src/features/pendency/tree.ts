import type { DrillTarget } from './query';
import {
  bucketOf,
  type Basis,
  type BucketCounts,
  type BucketKey,
  type OfficeRef,
  type PendencyCounts,
  type PendencyPostRef,
  type PendencySummary,
  type SectionRef,
} from './types';

// The dashboard's office → section → post table, built from GET /api/pendency/summary. Offices are
// always listed (indented by their depth in the scope); expanding one shows its sections and posts.

interface RowBase {
  /** Unique within the table (also the Vue key). */
  key: string;
  /** Indentation level. */
  level: number;
  totals: PendencyCounts;
  /** The drill-down for this row's counts. */
  drill: DrillTarget;
}
export interface OfficeRow extends RowBase {
  kind: 'office';
  office: OfficeRef;
  /** It has sections or posts to show. */
  expandable: boolean;
  expanded: boolean;
  /** Its own posts plus every office under it; null when no office is under it. */
  withChildren: PendencyCounts | null;
}
export interface SectionRow extends RowBase {
  kind: 'section';
  officeId: string;
  /** null: the posts of the office outside any section. */
  section: SectionRef | null;
}
export interface PostRow extends RowBase {
  kind: 'post';
  officeId: string;
  post: PendencyPostRef;
}
export type TreeRow = OfficeRow | SectionRow | PostRow;

const zeroBuckets = (): BucketCounts => ({ upTo7: 0, upTo15: 0, upTo30: 0, over30: 0 });
export const zeroCounts = (): PendencyCounts => ({
  pending: 0,
  receipts: 0,
  files: 0,
  parked: 0,
  overdue: 0,
  overdueNoReason: 0,
  dueSoon: 0,
  hidden: 0,
  dwell: zeroBuckets(),
  age: zeroBuckets(),
});

const addBuckets = (a: BucketCounts, b: BucketCounts): BucketCounts => ({
  upTo7: a.upTo7 + b.upTo7,
  upTo15: a.upTo15 + b.upTo15,
  upTo30: a.upTo30 + b.upTo30,
  over30: a.over30 + b.over30,
});

/** The sum of two sets of counts. */
export function addCounts(a: PendencyCounts, b: PendencyCounts): PendencyCounts {
  return {
    pending: a.pending + b.pending,
    receipts: a.receipts + b.receipts,
    files: a.files + b.files,
    parked: a.parked + b.parked,
    overdue: a.overdue + b.overdue,
    overdueNoReason: a.overdueNoReason + b.overdueNoReason,
    dueSoon: a.dueSoon + b.dueSoon,
    hidden: a.hidden + b.hidden,
    dwell: addBuckets(a.dwell, b.dwell),
    age: addBuckets(a.age, b.age),
  };
}

/**
 * Each office's counts together with those of every office under it (the API gives an office its
 * own posts only). Offices come parent-first, so one pass from the end adds children into parents.
 */
export function subtreeTotals(summary: Pick<PendencySummary, 'offices'>): Map<string, PendencyCounts> {
  const sums = new Map<string, PendencyCounts>(summary.offices.map((o) => [o.office.id, o.totals]));
  for (let i = summary.offices.length - 1; i >= 0; i--) {
    const { office } = summary.offices[i]!;
    const parent = office.parentId;
    if (parent && sums.has(parent)) sums.set(parent, addCounts(sums.get(parent)!, sums.get(office.id)!));
  }
  return sums;
}

/** The rows to show, given which offices are expanded. */
export function buildRows(summary: Pick<PendencySummary, 'offices'>, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const sums = subtreeTotals(summary);
  const hasChildren = new Set(summary.offices.map((o) => o.office.parentId).filter((p): p is string => !!p));
  const minDepth = Math.min(...summary.offices.map((o) => o.depth));
  for (const o of summary.offices) {
    const officeId = o.office.id;
    const level = o.depth - minDepth;
    const posts = o.sections.reduce((n, s) => n + s.posts.length, 0);
    const isOpen = expanded.has(officeId) && posts > 0;
    rows.push({
      kind: 'office',
      key: `office:${officeId}`,
      level,
      office: o.office,
      totals: o.totals,
      drill: { officeId },
      expandable: posts > 0,
      expanded: isOpen,
      withChildren: hasChildren.has(officeId) ? (sums.get(officeId) ?? null) : null,
    });
    if (!isOpen) continue;
    // only posts outside any section: no section row, the posts sit under the office
    const flat = o.sections.length === 1 && o.sections[0]!.section === null;
    for (const s of o.sections) {
      const sectionId = s.section?.id ?? 'none';
      if (!flat) {
        rows.push({
          kind: 'section',
          key: `section:${officeId}:${sectionId}`,
          level: level + 1,
          officeId,
          section: s.section,
          totals: s.totals,
          drill: { officeId, sectionId },
        });
      }
      for (const p of s.posts) {
        rows.push({
          kind: 'post',
          key: `post:${p.post.id}`,
          level: level + (flat ? 1 : 2),
          officeId,
          post: p.post,
          totals: p.totals,
          drill: { officeId, postId: p.post.id },
        });
      }
    }
  }
  return rows;
}

/** Which offices start expanded: the only office of a one-office scope (an SHO's station, a post's own items). */
export function initiallyExpanded(summary: Pick<PendencySummary, 'offices'>): Set<string> {
  return new Set(summary.offices.length === 1 ? [summary.offices[0]!.office.id] : []);
}

/** The office, section and post a drill-down names, looked up in the summary (for its heading). */
export function locate(
  summary: Pick<PendencySummary, 'offices'> | null,
  where: { officeId: string | null; sectionId: string | null; postId: string | null },
): { office: OfficeRef | null; section: SectionRef | 'none' | null; post: PendencyPostRef | null } {
  const out: ReturnType<typeof locate> = { office: null, section: null, post: null };
  if (!summary) return out;
  for (const o of summary.offices) {
    if (o.office.id === where.officeId) out.office = o.office;
    for (const s of o.sections) {
      if (where.sectionId && o.office.id === where.officeId) {
        if (where.sectionId === 'none' && s.section === null) out.section = 'none';
        else if (s.section?.id === where.sectionId) out.section = s.section;
      }
      for (const p of s.posts) {
        if (p.post.id === where.postId) {
          out.post = p.post;
          out.office ??= o.office;
        }
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------ the counts of a row

/** A figure of the table: the totals, the overdue ones, … and the age buckets (of the basis in view). */
export type Metric = 'pending' | 'overdue' | 'noReason' | 'dueSoon' | 'hidden' | BucketKey;
export const COUNT_METRICS: readonly Metric[] = ['pending', 'overdue', 'noReason', 'dueSoon', 'hidden'];

export function metricValue(totals: PendencyCounts, metric: Metric, basis: Basis): number {
  switch (metric) {
    case 'pending':
      return totals.pending;
    case 'overdue':
      return totals.overdue;
    case 'noReason':
      return totals.overdueNoReason;
    case 'dueSoon':
      return totals.dueSoon;
    case 'hidden':
      return totals.hidden;
    default:
      return totals[basis][metric];
  }
}

/** What a click on the figure lists, or null when the drill-down cannot single those items out. */
export function metricDrill(metric: Metric): Pick<DrillTarget, 'bucket' | 'overdue' | 'noReason'> | null {
  switch (metric) {
    case 'pending':
      return {};
    case 'overdue':
      return { overdue: true };
    case 'noReason':
      return { noReason: true };
    // GET /api/pendency/items has no filter for "due soon" or "graded only"
    case 'dueSoon':
    case 'hidden':
      return null;
    default:
      return { bucket: bucketOf(metric) };
  }
}

/** "no-reason", "due-soon", "upTo7": the metric as it appears in test ids. */
export const metricSlug = (m: Metric): string => (m === 'noReason' ? 'no-reason' : m === 'dueSoon' ? 'due-soon' : m);

/** The id part of a row's test ids: the office, "office-section" (section "none" outside any), or the post. */
export function rowTestId(row: TreeRow): string {
  if (row.kind === 'office') return row.office.id;
  if (row.kind === 'post') return row.post.id;
  return `${row.officeId}-${row.section?.id ?? 'none'}`;
}
