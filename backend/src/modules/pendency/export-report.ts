import { formatDmy, istDate, istDmy, istDmyTime } from '../../shared/dates.js';
import { t, type Locale } from '../../shared/i18n.js';
import type { Scope } from '../../shared/scope.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import { assertInScope, resolveScope } from './pendency.policy.js';
import { pendencySummary } from './pendency-summary.js';
import { pageOfItems } from './list-pending-items.js';
import { itemFilters, mineFilters } from './reports.queries.js';
import { disposalReport } from './disposal-report.js';
import { listRegister } from './list-register.js';
import { toCsv, toPdf, type Cell, type ReportTable, type TabularReport } from './report-files.js';
import type { z } from 'zod';
import type { DownloadFile } from '../../shared/download.js';
import type {
  disposalExportQuery,
  itemsExportQuery,
  mineExportQuery,
  PendencyCounts,
  PendingItemOut,
  Register,
  registerExportQuery,
  summaryExportQuery,
} from './pendency.schemas.js';

export type ExportFile = DownloadFile;

export type ExportRequest =
  | { report: 'summary'; query: z.infer<typeof summaryExportQuery> }
  | { report: 'items'; query: z.infer<typeof itemsExportQuery> }
  | { report: 'mine'; query: z.infer<typeof mineExportQuery> }
  | { report: 'disposal'; query: z.infer<typeof disposalExportQuery> }
  | { report: 'register'; register: Register; query: z.infer<typeof registerExportQuery> };

/** Rows an export may hold: a drill-down is for reading, not a data dump. */
const EXPORT_MAX_ROWS = 10_000;

const name = (locale: Locale, b: { en: string; hi: string }) => (locale === 'hi' ? b.hi : b.en);

/**
 * Any pendency report as CSV or PDF, in the user's language: the same use case (and so the same
 * scope and visibility) as the screen, laid out as tables.
 */
export async function exportReport(scope: Scope, req: ExportRequest): Promise<ExportFile> {
  const report = await buildReport(scope, req);
  const stamp = istDate();
  const base = `pendency-${req.report === 'register' ? `register-${req.register}` : req.report}-${stamp}`;
  if (req.query.format === 'csv')
    return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(report), disposition: 'attachment' };
  return { filename: `${base}.pdf`, contentType: 'application/pdf', body: await toPdf(report), disposition: 'attachment' };
}

async function buildReport(scope: Scope, req: ExportRequest): Promise<TabularReport> {
  const L = scope.actor.locale;
  const tr = (k: string, p?: Record<string, unknown>) => t(L, `pendency.export.${k}`, p);
  const asOf = istDmyTime(new Date());
  const org = await loadOrg(scope.em);
  const footer = (page: number, pages: number) => tr('footer', { page, pages, at: asOf });
  const filters = (q: Record<string, unknown>) => {
    const shown = filterLabels(L, org, q);
    return shown.length ? [`${tr('filters')}: ${shown.join('; ')}`] : [];
  };

  if (req.report === 'summary') {
    const s = await pendencySummary(scope, req.query);
    const meta = [
      `${tr('scope')}: ${name(L, s.scope.office.name)} — ${name(L, s.scope.post.designation)}`,
      `${tr('asOf')}: ${asOf}`,
      ...filters(req.query),
    ];
    const rows: Cell[][] = [];
    const emphasis = new Set<number>();
    const counts = (c: PendencyCounts): Cell[] => [
      c.pending,
      c.receipts,
      c.files,
      c.overdue,
      c.overdueNoReason,
      c.dueSoon,
      c.parked,
      c.hidden,
      c.dwell.upTo7,
      c.dwell.upTo15,
      c.dwell.upTo30,
      c.dwell.over30,
      c.age.upTo7,
      c.age.upTo15,
      c.age.upTo30,
      c.age.over30,
    ];
    for (const o of s.offices) {
      for (const sec of o.sections)
        for (const p of sec.posts)
          rows.push([
            name(L, o.office.name),
            sec.section ? name(L, sec.section.name) : '—',
            name(L, p.post.designation),
            ...counts(p.totals),
          ]);
      emphasis.add(rows.length);
      rows.push([name(L, o.office.name), '', tr('officeTotal'), ...counts(o.totals)]);
    }
    emphasis.add(rows.length);
    rows.push([tr('total'), '', '', ...counts(s.totals)]);
    const n = (k: string) => ({ label: tr(k), kind: 'number' as const });
    const tables: ReportTable[] = [
      {
        heading: tr('byPost'),
        columns: [
          { label: tr('office'), weight: 3 },
          { label: tr('section'), weight: 2 },
          { label: tr('post'), weight: 3 },
          n('pending'),
          n('receipts'),
          n('files'),
          n('overdue'),
          n('overdueNoReason'),
          n('dueSoon'),
          n('parked'),
          n('hidden'),
          n('dwell7'),
          n('dwell15'),
          n('dwell30'),
          n('dwell31'),
          n('age7'),
          n('age15'),
          n('age30'),
          n('age31'),
        ],
        rows,
        emphasis,
      },
    ];
    if (s.trend.length) {
      tables.push({
        heading: tr('trend'),
        columns: [
          { label: tr('weekStart'), kind: 'keep' },
          { label: tr('weekEnd'), kind: 'keep' },
          n('received'),
          n('disposed'),
          n('pendingAtEnd'),
        ],
        rows: s.trend.map((w) => [formatDmy(w.weekStart), formatDmy(w.weekEnd), w.received, w.disposed, w.pendingAtEnd]),
      });
    }
    return { title: tr('summaryTitle'), meta, tables, footer, lang: L };
  }

  if (req.report === 'disposal') {
    const d = await disposalReport(scope, req.query);
    const rows: Cell[][] = d.posts.map((p) => [
      name(L, p.office.name),
      name(L, p.post.designation),
      p.received,
      p.disposed,
      p.sentOn,
      p.medianHandlingHours,
      p.p90HandlingHours,
    ]);
    rows.push([tr('total'), '', d.totals.received, d.totals.disposed, d.totals.sentOn, d.totals.medianHandlingHours, null]);
    return {
      title: tr('disposalTitle'),
      meta: [
        `${tr('period')}: ${formatDmy(d.from)} – ${formatDmy(d.to)}`,
        `${tr('asOf')}: ${asOf}`,
        ...filters({ ...req.query, from: undefined, to: undefined }),
      ],
      footer,
      lang: L,
      tables: [
        {
          heading: tr('byPost'),
          emphasis: new Set([rows.length - 1]),
          rows,
          columns: [
            { label: tr('office'), weight: 3 },
            { label: tr('post'), weight: 3 },
            { label: tr('received'), kind: 'number' },
            { label: tr('disposed'), kind: 'number' },
            { label: tr('sentOn'), kind: 'number' },
            { label: tr('medianHours'), kind: 'number' },
            { label: tr('p90Hours'), kind: 'number' },
          ],
        },
      ],
    };
  }

  let items: Array<PendingItemOut & { pending?: boolean; disposedAt?: string | null }>;
  let title: string;
  let meta: string[];
  const today = istDate();
  if (req.report === 'items') {
    const ps = resolveScope(scope.actor, org, req.query.officeId);
    assertInScope(ps, org, req.query);
    ({ items } = await pageOfItems(scope, org, ps, itemFilters(scope, ps, req.query, today), {
      sort: req.query.sort,
      limit: EXPORT_MAX_ROWS,
      offset: 0,
      today,
      count: false,
    }));
    title = tr('itemsTitle');
    meta = [`${tr('scope')}: ${name(L, org.officeRef(ps.rootOfficeId).name)}`, `${tr('asOf')}: ${asOf}`, ...filters(req.query)];
  } else if (req.report === 'mine') {
    const postId = scope.actor.postId;
    items = postId
      ? (
          await pageOfItems(scope, org, { supervised: new Set() }, mineFilters(postId, req.query, today), {
            sort: req.query.sort,
            limit: EXPORT_MAX_ROWS,
            offset: 0,
            today,
            count: false,
          })
        ).items
      : [];
    title = tr('mineTitle');
    meta = [`${tr('post')}: ${postId ? name(L, org.postRef(postId).designation) : '—'}`, `${tr('asOf')}: ${asOf}`, ...filters(req.query)];
  } else {
    const r = await listRegister(scope, req.register, { ...req.query, page: 1, pageSize: EXPORT_MAX_ROWS });
    items = r.items;
    title = tr('registerTitle', { register: t(L, `pendency.registers.${req.register}`) });
    meta = [`${tr('asOf')}: ${asOf}`, ...filters(req.query)];
  }
  const withheld = tr('withheld');
  const rows: Cell[][] = items.map((i, n) => [
    n + 1,
    t(L, `pendency.export.type_${i.type}`),
    i.hidden ? withheld : i.number,
    i.hidden ? withheld : i.subject,
    t(L, `pendency.export.grading_${i.grading}`),
    t(L, `pendency.export.priority_${i.priority}`),
    i.register ? t(L, `pendency.registers.${i.register}`) : '',
    i.reference ?? '',
    name(L, i.office.name),
    name(L, i.holder.designation),
    istDmy(new Date(i.heldSince)),
    i.dwellDays,
    i.ageDays,
    i.dueDate ? formatDmy(i.dueDate) : '',
    i.overdue ? i.overdueWorkingDays : '',
    i.reason ? `${i.reason.reason} (${tr('expectedBy', { date: formatDmy(i.reason.expectedBy) })})` : '',
    ...(req.report === 'register' ? [i.pending ? tr('pendingState') : tr('disposedState')] : []),
  ]);
  const columns: ReportTable['columns'] = [
    { label: '#', kind: 'number' },
    { label: tr('type'), weight: 1 },
    { label: tr('number'), kind: 'keep' },
    { label: tr('subject'), weight: 5 },
    { label: tr('grading'), weight: 1 },
    { label: tr('priority'), weight: 1 },
    { label: tr('register'), weight: 1 },
    { label: tr('reference'), weight: 1.5 },
    { label: tr('office'), weight: 2 },
    { label: tr('holder'), weight: 2 },
    { label: tr('heldSince'), kind: 'keep' },
    { label: tr('dwellDays'), kind: 'number' },
    { label: tr('ageDays'), kind: 'number' },
    { label: tr('dueDate'), kind: 'keep' },
    { label: tr('overdueDays'), kind: 'number' },
    { label: tr('reason'), weight: 3 },
    ...(req.report === 'register' ? [{ label: tr('state'), weight: 1 }] : []),
  ];
  return { title, meta: [...meta, tr('rows', { n: items.length })], tables: [{ heading: title, columns, rows }], footer, lang: L };
}

const HIDDEN_FILTERS = new Set(['format', 'page', 'pageSize', 'sort', 'basis', 'weeks']);

/**
 * The filters of a report in words, in the user's language ("Overdue only: yes", "Office: PS
 * Kotwali"): names and values translated, ids shown as the names they stand for.
 */
export function filterLabels(L: Locale, org: OrgSnapshot, q: Record<string, unknown>): string[] {
  const tr = (k: string, p?: Record<string, unknown>) => t(L, `pendency.export.${k}`, p);
  const yesNo = (v: unknown) => tr(v ? 'yes' : 'no');
  const values: Record<string, (v: any) => string> = {
    officeId: (v: string) => (org.offices.has(v) ? name(L, org.officeRef(v).name) : v),
    sectionId: (v: string) => (v === 'none' ? tr('noSection') : org.sections.has(v) ? name(L, org.sectionRef(v).name) : v),
    postId: (v: string) => (org.posts.has(v) ? name(L, org.postRef(v).designation) : v),
    type: (v: string) => tr(`type_${v}`),
    register: (v: string) => t(L, `pendency.registers.${v}`),
    priority: (v: string) => tr(`priority_${v}`),
    bucket: (v: string) => tr('days', { range: v === '31+' ? '> 30' : v.replace('-', '–') }),
    status: (v: string) => tr(v === 'pending' ? 'pendingState' : 'allStates'),
    from: (v: string) => formatDmy(v),
    to: (v: string) => formatDmy(v),
    overdue: yesNo,
    noReason: yesNo,
    parked: yesNo,
    hidden: yesNo,
  };
  return Object.entries(q).flatMap(([k, v]) => {
    if (v === undefined || v === 'all' || HIDDEN_FILTERS.has(k)) return [];
    const label = k === 'bucket' ? tr(q.basis === 'age' ? 'filter.bucketAge' : 'filter.bucketDwell') : tr(`filter.${k}`);
    return [`${label}: ${(values[k] ?? String)(v)}`];
  });
}
