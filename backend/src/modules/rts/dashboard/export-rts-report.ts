import type { z } from 'zod';
import { formatDmy, istDate, istDmy, istDmyTime } from '../../../shared/dates.js';
import { t, type Locale } from '../../../shared/i18n.js';
import type { Scope } from '../../../shared/scope.js';
import type { DownloadFile } from '../../../shared/download.js';
import { toCsv, toPdf, type Cell, type ReportTable, type TabularReport } from '../../pendency/index.js';
import { rtsDashboard } from './rts-dashboard.js';
import { drillDown } from './list-rts-applications.js';
import { feedbackReport } from './rts-feedback.js';
import type { dashboardExportQuery, drillExportQuery, feedbackExportQuery, Figures } from './rts-dashboard.schemas.js';
import type { RtsContext } from './rts-context.js';

export type RtsExportRequest =
  | { report: 'dashboard'; query: z.infer<typeof dashboardExportQuery> }
  | { report: 'applications'; query: z.infer<typeof drillExportQuery> }
  | { report: 'feedback'; query: z.infer<typeof feedbackExportQuery> };

/** Rows an export of a list may hold: a drill-down is for reading, not a data dump. */
const EXPORT_MAX_ROWS = 10_000;

const name = (L: Locale, b: { en: string; hi: string }) => (L === 'hi' ? b.hi : b.en);
const monthLabel = (m: string) => `${m.slice(5, 7)}.${m.slice(0, 4)}`;

/**
 * The RTS dashboard, its drill-down list or the feedback as CSV or PDF (pendency's report files: CSV
 * with BOM, A4 PDF with shaped Hindi), in the user's language: the same use cases — and so the same
 * scope — as the screen.
 */
export async function exportRtsReport(scope: Scope, req: RtsExportRequest): Promise<DownloadFile> {
  const report = await buildReport(scope, req);
  const base = `rts-${req.report}-${istDate()}`;
  if (req.query.format === 'csv')
    return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(report), disposition: 'attachment' };
  return { filename: `${base}.pdf`, contentType: 'application/pdf', body: await toPdf(report), disposition: 'attachment' };
}

async function buildReport(scope: Scope, req: RtsExportRequest): Promise<TabularReport> {
  const L = scope.actor.locale;
  const tr = (k: string, p?: Record<string, unknown>) => t(L, `rtsDashboard.export.${k}`, p);
  const asOf = istDmyTime(new Date());
  const footer = (page: number, pages: number) => tr('footer', { page, pages, at: asOf });
  const n = (k: string) => ({ label: tr(k), kind: 'number' as const });
  const pct = (x: number | null) => (x === null ? '' : x.toFixed(2));
  const days = (x: number | null) => (x === null ? '' : String(x));
  const meta = (ctx: Pick<RtsContext, 'period'>, scopeName: string, extra: string[] = []) => [
    `${tr('scope')}: ${scopeName}`,
    `${tr('period')}: ${monthLabel(ctx.period.from)} – ${monthLabel(ctx.period.to)}`,
    `${tr('asOf')}: ${asOf}`,
    ...extra,
  ];

  if (req.report === 'dashboard') {
    const d = await rtsDashboard(scope, req.query);
    const scopeName = d.scope.office ? name(L, d.scope.office.name) : tr('state');
    const figureColumns: ReportTable['columns'] = [
      n('received'),
      n('disposed'),
      n('processingRate'),
      n('onTimePct'),
      n('medianDays'),
      n('averageDays'),
      n('pending'),
      n('beyond'),
      n('pendencyPct'),
      n('appeals1'),
      n('appeals2'),
      n('appeals3'),
      n('appealsDecided'),
      n('penalties'),
      n('penaltyAmount'),
      n('compensations'),
      n('compensationAmount'),
      n('rating'),
      n('ratings'),
    ];
    const cells = (f: Figures): Cell[] => [
      f.received,
      f.disposed,
      pct(f.processingRate),
      pct(f.onTimePct),
      days(f.medianDays),
      days(f.averageDays),
      f.pending,
      f.beyond,
      pct(f.pendencyPct),
      `${f.appeals.filed[0]}`,
      `${f.appeals.filed[1]}`,
      `${f.appeals.filed[2]}`,
      f.appeals.decided.reduce((a, b) => a + b, 0),
      f.penalties.count,
      f.penalties.amount,
      f.compensation.count,
      f.compensation.amount,
      f.rating.average === null ? '' : f.rating.average.toFixed(2),
      f.rating.count,
    ];
    const headline = d.definitions.slice(0, 4).map((def) => `${name(L, def.label)}: ${name(L, def.text)}`);
    const tables: ReportTable[] = [
      {
        heading: tr('headline'),
        columns: [
          { label: tr('processingRate'), kind: 'number' },
          { label: tr('onTimePct'), kind: 'number' },
          { label: tr('medianDays'), kind: 'number' },
          { label: tr('averageDays'), kind: 'number' },
          { label: tr('pendencyPct'), kind: 'number' },
        ],
        rows: [
          [
            pct(d.totals.processingRate),
            pct(d.totals.onTimePct),
            days(d.totals.medianDays),
            days(d.totals.averageDays),
            pct(d.totals.pendencyPct),
          ],
        ],
      },
      {
        heading: tr('byService'),
        columns: [{ label: tr('service'), weight: 3 }, ...figureColumns],
        rows: [
          ...d.services.map((s) => [`${name(L, s.service.name)} (${s.service.code})`, ...cells(s)]),
          [tr('total'), ...cells(d.totals)],
        ],
        emphasis: new Set([d.services.length]),
      },
      {
        heading: tr('byOffice'),
        columns: [{ label: tr('office'), weight: 3 }, ...figureColumns],
        rows: d.offices.map((o) => [name(L, o.office.name), ...cells(o)]),
      },
      {
        heading: tr('byOfficer'),
        columns: [{ label: tr('officer'), weight: 3 }, ...figureColumns],
        rows: d.officers.map((o) => [`${name(L, o.post.designation)}, ${name(L, o.post.officeName)}`, ...cells(o)]),
      },
      {
        heading: tr('trend'),
        columns: [
          { label: tr('month'), kind: 'keep' },
          n('received'),
          n('disposed'),
          n('processingRate'),
          n('onTimePct'),
          n('averageDays'),
        ],
        rows: d.trend.map((m) => [
          monthLabel(m.month),
          m.received,
          m.disposed,
          pct(m.processingRate),
          pct(m.onTimePct),
          days(m.averageDays),
        ]),
      },
      {
        heading: tr('rankingDepartments'),
        columns: [
          { label: tr('department'), weight: 3 },
          n('offices'),
          n('disposed'),
          n('late'),
          n('pending'),
          n('beyond'),
          n('delayPct'),
          n('averageDays'),
        ],
        rows: d.ranking.departments.map((r) => [
          name(L, r.department.name),
          r.offices,
          r.disposed,
          r.late,
          r.pending,
          r.beyond,
          pct(r.delayPct),
          days(r.averageDays),
        ]),
      },
      {
        heading: tr('rankingOffices'),
        columns: [{ label: tr('office'), weight: 3 }, n('disposed'), n('late'), n('pending'), n('beyond'), n('delayPct'), n('averageDays')],
        rows: d.ranking.offices.map((r) => [
          name(L, r.office.name),
          r.disposed,
          r.late,
          r.pending,
          r.beyond,
          pct(r.delayPct),
          days(r.averageDays),
        ]),
      },
    ];
    const filters = req.query.serviceCode ? [`${tr('service')}: ${req.query.serviceCode}`] : [];
    return { title: tr('dashboardTitle'), meta: [...meta(d, scopeName, filters), ...headline], tables, footer, lang: L };
  }

  if (req.report === 'applications') {
    const { out, ctx } = await drillDown(scope, { ...req.query, page: 1, pageSize: EXPORT_MAX_ROWS }, EXPORT_MAX_ROWS);
    const rows: Cell[][] = out.items.map((a, i) => [
      i + 1,
      a.referenceNumber,
      name(L, a.service.name),
      name(L, a.office.name),
      name(L, a.designated.designation),
      t(L, `rtsDashboard.export.status_${a.status}`),
      istDmy(new Date(a.filedAt)),
      a.closedAt ? istDmy(new Date(a.closedAt)) : '',
      a.rtsDueDate ? formatDmy(a.rtsDueDate) : '',
      a.days,
      a.daysLate || '',
      a.onTime === null ? '' : tr(a.onTime ? 'yes' : 'no'),
      a.rating ?? '',
    ]);
    return {
      title: tr(`kind_${out.kind}`),
      meta: [
        ...meta(ctx, scopeName(ctx, L, tr), filterLines(ctx, L, tr, req.query)),
        tr('rows', { n: out.items.length, total: out.total }),
      ],
      footer,
      lang: L,
      tables: [
        {
          heading: tr(`kind_${out.kind}`),
          columns: [
            { label: '#', kind: 'number' },
            { label: tr('reference'), kind: 'keep' },
            { label: tr('service'), weight: 2 },
            { label: tr('office'), weight: 2 },
            { label: tr('officer'), weight: 2 },
            { label: tr('status'), weight: 1 },
            { label: tr('filed'), kind: 'keep' },
            { label: tr('disposedOn'), kind: 'keep' },
            { label: tr('dueDate'), kind: 'keep' },
            n('days'),
            n('daysLate'),
            { label: tr('onTime'), weight: 1 },
            n('rating'),
          ],
          rows,
        },
      ],
    };
  }

  const { out, ctx } = await feedbackReport(scope, { ...req.query, page: 1, pageSize: EXPORT_MAX_ROWS }, EXPORT_MAX_ROWS);
  const ratingColumns: ReportTable['columns'] = [
    n('ratings'),
    n('rating'),
    n('star1'),
    n('star2'),
    n('star3'),
    n('star4'),
    n('star5'),
    n('disposed'),
  ];
  const ratingCells = (r: { count: number; average: number | null; stars: number[]; disposed: number }): Cell[] => [
    r.count,
    r.average === null ? '' : r.average.toFixed(2),
    ...r.stars,
    r.disposed,
  ];
  return {
    title: tr('feedbackTitle'),
    meta: meta(ctx, scopeName(ctx, L, tr), filterLines(ctx, L, tr, req.query)),
    footer,
    lang: L,
    tables: [
      {
        heading: tr('byService'),
        columns: [{ label: tr('service'), weight: 3 }, ...ratingColumns],
        rows: [
          ...out.services.map((s) => [`${name(L, s.service.name)} (${s.service.code})`, ...ratingCells(s)]),
          [tr('total'), ...ratingCells(out.totals)],
        ],
        emphasis: new Set([out.services.length]),
      },
      {
        heading: tr('byOffice'),
        columns: [{ label: tr('office'), weight: 3 }, ...ratingColumns],
        rows: out.offices.map((o) => [name(L, o.office.name), ...ratingCells(o)]),
      },
      {
        heading: tr('byOfficer'),
        columns: [{ label: tr('officer'), weight: 3 }, ...ratingColumns],
        rows: out.officers.map((o) => [`${name(L, o.post.designation)}, ${name(L, o.post.officeName)}`, ...ratingCells(o)]),
      },
      {
        heading: tr('comments'),
        columns: [
          { label: tr('reference'), kind: 'keep' },
          { label: tr('service'), weight: 2 },
          { label: tr('officer'), weight: 2 },
          { label: tr('disposedOn'), kind: 'keep' },
          n('rating'),
          { label: tr('comment'), weight: 5 },
        ],
        rows: out.comments.items.map((c) => [
          c.referenceNumber,
          name(L, c.service.name),
          `${name(L, c.designated.designation)}, ${name(L, c.designated.officeName)}`,
          istDmy(new Date(c.closedAt)),
          c.rating,
          c.feedback ?? '',
        ]),
      },
    ],
  };
}

const scopeName = (ctx: RtsContext, L: Locale, tr: (k: string) => string) => {
  const id = ctx.rs.rootOfficeId;
  const o = id ? ctx.org.offices.get(id) : undefined;
  return o ? (L === 'hi' ? o.nameHi : o.nameEn) : tr('state');
};

/** The drill-down's and feedback's narrowing in words: service, office, officer, what is listed. */
function filterLines(
  ctx: RtsContext,
  L: Locale,
  tr: (k: string) => string,
  q: { serviceCode?: string | undefined; atOfficeId?: string | undefined; postId?: string | undefined },
): string[] {
  const out: string[] = [];
  if (q.serviceCode) {
    const s = ctx.byCode.get(q.serviceCode);
    out.push(`${tr('service')}: ${s ? name(L, s.name) : q.serviceCode}`);
  }
  if (q.atOfficeId) {
    const o = ctx.org.offices.get(q.atOfficeId);
    out.push(`${tr('office')}: ${o ? (L === 'hi' ? o.nameHi : o.nameEn) : q.atOfficeId}`);
  }
  if (q.postId) out.push(`${tr('officer')}: ${name(L, ctx.org.postRef(q.postId).designation)}`);
  return out;
}
