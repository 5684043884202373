import type { z } from 'zod';
import { transact, type Scope } from '../../shared/scope.js';
import { formatDmy, istDmyTime } from '../../shared/dates.js';
import { toCsvText, type CsvCell } from '../../shared/csv.js';
import { CSV, PDF, type DownloadFile } from '../../shared/download.js';
import { printing, resolvePeriod } from '../../shared/print.js';
import { PdfDocument } from '../../infra/pdf/index.js';
import { OfficeSchema } from '../org/index.js';
import { EFileSchema } from '../files/index.js';
import { listDispatch } from './dispatch.js';
import type { dispatchExportQuery } from './signing.schemas.js';

const MAX_ROWS = 10_000;

/**
 * The office's dispatch register for a day or a period (by letter date), to print (A4 landscape
 * PDF) or as CSV: issue no., date, addressee, subject, mode, dispatch reference, status, file and
 * dispatch date — the entries GET /api/dispatch lists to the acting post. Printing entries of
 * graded files is recorded in the audit log.
 */
export async function dispatchRegisterFile(scope: Scope, q: z.infer<typeof dispatchExportQuery>): Promise<DownloadFile> {
  const period = resolvePeriod(q);
  const list = await listDispatch(scope, { status: q.status, q: q.q, ...period, page: 1, pageSize: MAX_ROWS });
  const p = printing(q.lang ?? scope.actor.locale);
  const title = p.tr('dispatch.title');
  const fileIds = [...new Set(list.items.map((e) => e.file.id))];
  const graded = fileIds.length
    ? new Set((await scope.em.find(EFileSchema, { id: { $in: fileIds }, grading: { $ne: 'normal' } })).map((f) => f.id))
    : new Set<string>();
  const gradedEntries = list.items.filter((e) => graded.has(e.file.id)).length;
  if (gradedEntries && scope.actor.officeId) {
    await transact(scope, async (tx) =>
      tx.emit({
        type: 'dispatch.register-printed',
        officeId: scope.actor.officeId!,
        ...period,
        entries: list.items.length,
        graded: gradedEntries,
        format: q.format,
      }),
    );
  }
  const columns = [
    { label: p.tr('dispatch.issueNo'), kind: 'keep' as const },
    { label: p.tr('dispatch.date'), kind: 'keep' as const },
    { label: p.tr('dispatch.addressee'), weight: 2 },
    { label: p.tr('dispatch.subject'), weight: 3 },
    { label: p.tr('dispatch.mode'), weight: 0.8 },
    { label: p.tr('dispatch.reference'), weight: 1.2 },
    { label: p.tr('dispatch.status'), weight: 1 },
    { label: p.tr('dispatch.file'), kind: 'keep' as const },
    { label: p.tr('dispatch.dispatchedAt'), kind: 'keep' as const },
  ];
  const rows: CsvCell[][] = [...list.items]
    .reverse()
    .map((e) => [
      e.issueNumber,
      formatDmy(e.letterDate),
      e.addressee,
      e.subject,
      p.tr(`dispatch.modes.${e.mode}`),
      e.dispatchReference ?? '',
      p.tr(`dispatch.statuses.${e.status}`),
      e.file.number,
      e.dispatchedAt ? istDmyTime(new Date(e.dispatchedAt)) : '',
    ]);
  const stamp = period.from === period.to ? period.from : `${period.from}_${period.to}`;
  const office = scope.actor.officeId ? await scope.em.findOne(OfficeSchema, { id: scope.actor.officeId }) : null;
  if (q.format === 'csv') {
    const records: CsvCell[][] = [
      [title],
      [office ? p.name({ hi: office.nameHi, en: office.nameEn }) : ''],
      [p.period(period)],
      [],
      columns.map((c) => c.label),
      ...rows,
    ];
    return { filename: `dispatch-register-${stamp}.csv`, contentType: CSV, body: toCsvText(records) };
  }
  const pdf = new PdfDocument({
    title: `${title} — ${p.period(period)}`,
    lang: p.locale,
    landscape: true,
    margin: 32,
    footer: p.footer(title),
  });
  if (office) pdf.letterhead({ nameHi: office.nameHi, nameEn: office.nameEn }, { size: 13 });
  pdf.title(title, { after: 2 });
  pdf.paragraph(`${p.period(period)} — ${p.tr('entries', { n: list.total })}`, { size: 9, align: 'center', after: 8 });
  if (!rows.length) pdf.paragraph(p.tr('dispatch.empty'), { size: 10 });
  else pdf.table({ columns, rows });
  if (list.total > list.items.length) pdf.paragraph(p.tr('truncated', { n: list.items.length }), { size: 9 });
  return { filename: `dispatch-register-${stamp}.pdf`, contentType: PDF, body: await pdf.finish() };
}
