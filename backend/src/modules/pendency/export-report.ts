import { formatIstDateTime, istDate } from '../../shared/dates.js';
import { t, type Locale } from '../../shared/i18n.js';
import type { Scope } from '../../shared/scope.js';
import { loadOrg } from './org-snapshot.js';
import { assertInScope, resolveScope } from './pendency.policy.js';
import { pendencySummary } from './pendency-summary.js';
import { pageOfItems } from './list-pending-items.js';
import { itemFilters, mineFilters } from './reports.queries.js';
import { disposalReport } from './disposal-report.js';
import { listRegister } from './list-register.js';
import { toCsv, toPdf, type Cell, type ReportTable, type TabularReport } from './report-files.js';
import type { z } from 'zod';
import type { disposalExportQuery, itemsExportQuery, mineExportQuery, PendencyCounts, PendingItemOut, Register, registerExportQuery, summaryExportQuery } from './pendency.schemas.js';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer | string;
}

export type ExportRequest =
  | { report: 'summary'; query: z.infer<typeof summaryExportQuery> }
  | { report: 'items'; query: z.infer<typeof itemsExportQuery> }
  | { report: 'mine'; query: z.infer<typeof mineExportQuery> }
  | { report: 'disposal'; query: z.infer<typeof disposalExportQuery> }
  | { report: 'register'; register: Register; query: z.infer<typeof registerExportQuery> };

/** Rows an export may hold: a drill-down is for reading, not a data dump. */
export const EXPORT_MAX_ROWS = 10_000;

const name = (locale: Locale, b: { en: string; hi: string }) => (locale === 'hi' ? b.hi : b.en);

/**
 * Any pendency report as CSV or PDF, in the user's language: the same use case (and so the same
 * scope and visibility) as the screen, laid out as tables.
 */
export async function exportReport(scope: Scope, req: ExportRequest): Promise<ExportFile> {
  const report = await buildReport(scope, req);
  const stamp = istDate();
  const base = `pendency-${req.report === 'register' ? `register-${req.register}` : req.report}-${stamp}`;
  if (req.query.format === 'csv') return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(report) };
  return { filename: `${base}.pdf`, contentType: 'application/pdf', body: await toPdf(report) };
}

export async function buildReport(scope: Scope, req: ExportRequest): Promise<TabularReport> {
  const L = scope.actor.locale;
  const tr = (k: string, p?: Record<string, unknown>) => t(L, `pendency.export.${k}`, p);
  const asOf = formatIstDateTime(new Date(), L);
  const org = await loadOrg(scope.em);
  const footer = (page: number, pages: number) => tr('footer', { page, pages, at: asOf });
  const filters = (q: Record<string, unknown>) => {
    const shown = Object.entries(q).filter(([k, v]) => v !== undefined && v !== 'all' && !['format', 'page', 'pageSize', 'sort', 'basis', 'weeks'].includes(k));
    return shown.length ? [`${tr('filters')}: ${shown.map(([k, v]) => `${k}=${v}`).join(', ')}`] : [];
  };

  if (req.report === 'summary') {
    const s = await pendencySummary(scope, req.query);
    const meta = [`${tr('scope')}: ${name(L, s.scope.office.name)} — ${name(L, s.scope.post.designation)}`, `${tr('asOf')}: ${asOf}`, ...filters(req.query)];
    const rows: Cell[][] = [];
    const emphasis = new Set<number>();
    const counts = (c: PendencyCounts): Cell[] => [c.pending, c.receipts, c.files, c.overdue, c.overdueNoReason, c.dueSoon, c.parked, c.hidden,
      c.dwell.upTo7, c.dwell.upTo15, c.dwell.upTo30, c.dwell.over30, c.age.upTo7, c.age.upTo15, c.age.upTo30, c.age.over30];
    for (const o of s.offices) {
      for (const sec of o.sections) for (const p of sec.posts) rows.push([name(L, o.office.name), sec.section ? name(L, sec.section.name) : '—', name(L, p.post.designation), ...counts(p.totals)]);
      emphasis.add(rows.length);
      rows.push([name(L, o.office.name), '', tr('officeTotal'), ...counts(o.totals)]);
    }
    emphasis.add(rows.length);
    rows.push([tr('total'), '', '', ...counts(s.totals)]);
    const n = (k: string) => ({ label: tr(k), numeric: true, weight: 1 });
    const tables: ReportTable[] = [{
      heading: tr('byPost'),
      columns: [{ label: tr('office'), weight: 3 }, { label: tr('section'), weight: 2 }, { label: tr('post'), weight: 3 },
        n('pending'), n('receipts'), n('files'), n('overdue'), n('overdueNoReason'), n('dueSoon'), n('parked'), n('hidden'),
        n('dwell7'), n('dwell15'), n('dwell30'), n('dwell31'), n('age7'), n('age15'), n('age30'), n('age31')],
      rows, emphasis,
    }];
    if (s.trend.length) {
      tables.push({
        heading: tr('trend'),
        columns: [{ label: tr('weekStart') }, { label: tr('weekEnd') }, n('received'), n('disposed'), n('pendingAtEnd')],
        rows: s.trend.map((w) => [w.weekStart, w.weekEnd, w.received, w.disposed, w.pendingAtEnd]),
      });
    }
    return { title: tr('summaryTitle'), meta, tables, footer };
  }

  if (req.report === 'disposal') {
    const d = await disposalReport(scope, req.query);
    const rows: Cell[][] = d.posts.map((p) => [name(L, p.office.name), name(L, p.post.designation), p.received, p.disposed, p.sentOn, p.medianHandlingHours, p.p90HandlingHours]);
    rows.push([tr('total'), '', d.totals.received, d.totals.disposed, d.totals.sentOn, d.totals.medianHandlingHours, null]);
    return {
      title: tr('disposalTitle'), meta: [`${tr('period')}: ${d.from} – ${d.to}`, `${tr('asOf')}: ${asOf}`, ...filters(req.query)], footer,
      tables: [{
        heading: tr('byPost'), emphasis: new Set([rows.length - 1]), rows,
        columns: [{ label: tr('office'), weight: 3 }, { label: tr('post'), weight: 3 }, { label: tr('received'), numeric: true }, { label: tr('disposed'), numeric: true },
          { label: tr('sentOn'), numeric: true }, { label: tr('medianHours'), numeric: true }, { label: tr('p90Hours'), numeric: true }],
      }],
    };
  }

  let items: Array<PendingItemOut & { pending?: boolean; disposedAt?: string | null }>;
  let title: string;
  let meta: string[];
  const today = istDate();
  if (req.report === 'items') {
    const ps = resolveScope(scope.actor, org, req.query.officeId);
    assertInScope(ps, org, req.query);
    ({ items } = await pageOfItems(scope, org, ps, itemFilters(scope, ps, req.query, today), { sort: req.query.sort, limit: EXPORT_MAX_ROWS, offset: 0, today, count: false }));
    title = tr('itemsTitle');
    meta = [`${tr('scope')}: ${name(L, org.officeRef(ps.rootOfficeId).name)}`, `${tr('asOf')}: ${asOf}`, ...filters(req.query)];
  } else if (req.report === 'mine') {
    const postId = scope.actor.postId;
    items = postId ? (await pageOfItems(scope, org, { supervised: new Set() }, mineFilters(postId, req.query, today), { sort: req.query.sort, limit: EXPORT_MAX_ROWS, offset: 0, today, count: false })).items : [];
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
    n + 1, t(L, `pendency.export.type_${i.type}`), i.hidden ? withheld : i.number, i.hidden ? withheld : i.subject, t(L, `pendency.export.grading_${i.grading}`),
    t(L, `pendency.export.priority_${i.priority}`), i.register ? t(L, `pendency.registers.${i.register}`) : '', i.reference ?? '',
    name(L, i.office.name), name(L, i.holder.designation), i.heldSince.slice(0, 10), i.dwellDays, i.ageDays, i.dueDate ?? '', i.overdue ? i.overdueWorkingDays : '',
    i.reason ? `${i.reason.reason} (${i.reason.expectedBy})` : '', ...(req.report === 'register' ? [i.pending ? tr('pendingState') : tr('disposedState')] : []),
  ]);
  const columns = [
    { label: '#', numeric: true, weight: 0.6 }, { label: tr('type'), weight: 1 }, { label: tr('number'), weight: 3 }, { label: tr('subject'), weight: 5 },
    { label: tr('grading'), weight: 1.2 }, { label: tr('priority'), weight: 1.2 }, { label: tr('register'), weight: 1.2 }, { label: tr('reference'), weight: 1.5 },
    { label: tr('office'), weight: 2.5 }, { label: tr('holder'), weight: 2.5 }, { label: tr('heldSince'), weight: 1.6 }, { label: tr('dwellDays'), numeric: true, weight: 1 },
    { label: tr('ageDays'), numeric: true, weight: 1 }, { label: tr('dueDate'), weight: 1.6 }, { label: tr('overdueDays'), numeric: true, weight: 1 }, { label: tr('reason'), weight: 3 },
    ...(req.report === 'register' ? [{ label: tr('state'), weight: 1.2 }] : []),
  ];
  return { title, meta: [...meta, tr('rows', { n: items.length })], tables: [{ heading: title, columns, rows }], footer };
}
