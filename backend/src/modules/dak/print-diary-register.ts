import { transact, type Scope } from '../../shared/scope.js';
import { formatDmy } from '../../shared/dates.js';
import { toCsvText, type CsvCell } from '../../shared/csv.js';
import { CSV, PDF, type DownloadFile } from '../../shared/download.js';
import { printing, type Printing } from '../../shared/print.js';
import { PdfDocument, type Cell } from '../../infra/pdf/index.js';
import { diaryRegister, type DiaryEntry } from './diary-register.js';
import type { DiaryRegisterExportQuery } from './dak.schemas.js';

/** Entries one printed register may hold (a year of a busy office's dak); beyond, a shorter period. */
export const REGISTER_MAX_ROWS = 10_000;

/**
 * The diary register of the acting post's office for a day or a period, to print (A4 landscape
 * PDF, in the register's columns) or as CSV: what `diaryRegister` shows. Printing graded entries in
 * full is recorded in the audit log.
 */
export async function diaryRegisterFile(scope: Scope, q: DiaryRegisterExportQuery): Promise<DownloadFile> {
  const r = await diaryRegister(scope, q, { limit: REGISTER_MAX_ROWS, offset: 0 });
  const p = printing(q.lang ?? scope.actor.locale);
  const title = p.tr('diary.title');
  const columns = [
    { label: p.tr('diary.diaryNo'), kind: 'keep' as const },
    { label: p.tr('diary.received'), kind: 'keep' as const },
    { label: p.tr('diary.mode'), weight: 0.6 },
    { label: p.tr('diary.sender'), weight: 2 },
    { label: p.tr('diary.letter'), weight: 1.4 },
    { label: p.tr('diary.subject'), weight: 3 },
    { label: p.tr('diary.markedTo'), weight: 1.6 },
    { label: p.tr('diary.remarks'), weight: 1.2 },
  ];
  const graded = r.entries.filter((e) => !e.withheld && e.grading !== 'normal').length;
  if (graded && r.office) {
    await transact(scope, async (tx) =>
      tx.emit({
        type: 'dak.register-printed',
        register: 'diary',
        officeId: r.office.id,
        from: r.from,
        to: r.to,
        entries: r.entries.length,
        graded,
        format: q.format,
      }),
    );
  }
  const stamp = r.from === r.to ? r.from : `${r.from}_${r.to}`;
  if (q.format === 'csv') {
    const records: CsvCell[][] = [
      [title],
      [r.office ? p.name(r.office.name) : ''],
      [p.period(r)],
      [],
      columns.map((c) => c.label),
      ...r.entries.map((e) => csvRow(p, e)),
    ];
    return { filename: `diary-register-${stamp}.csv`, contentType: CSV, body: toCsvText(records) };
  }
  const pdf = new PdfDocument({ title: `${title} — ${p.period(r)}`, lang: p.locale, landscape: true, margin: 32, footer: p.footer(title) });
  if (r.office) pdf.letterhead(r.office, { size: 13 });
  pdf.title(title, { after: 2 });
  pdf.paragraph(`${p.period(r)} — ${p.tr('entries', { n: r.total })}`, { size: 9, align: 'center', after: 8 });
  if (!r.entries.length) pdf.paragraph(p.tr('diary.empty'), { size: 10 });
  else pdf.table({ columns, rows: r.entries.map((e) => pdfRow(p, e)) });
  if (r.total > r.entries.length) pdf.paragraph(p.tr('truncated', { n: r.entries.length }), { size: 9 });
  return { filename: `diary-register-${stamp}.pdf`, contentType: PDF, body: await pdf.finish() };
}

function cells(p: Printing, e: DiaryEntry) {
  const withheld = p.tr('withheld');
  const letter = e.withheld
    ? ''
    : [e.letterNumber, e.letterDate ? p.tr('diary.dated', { date: formatDmy(e.letterDate) }) : null].filter(Boolean).join('\n');
  const marked = [
    e.markedTo ? p.name(e.markedTo.designation) : '',
    e.copies.length ? p.tr('diary.copies', { posts: e.copies.map((c) => p.name(c.designation)).join(', ') }) : '',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    number: e.diaryNumber,
    received: e.receivedDate ? formatDmy(e.receivedDate) : '',
    mode: e.mode ? p.tr(`modes.${e.mode}`) : '',
    sender: e.withheld ? withheld : (e.sender ?? ''),
    letter,
    subject: e.withheld
      ? withheld
      : [e.subject ?? '', e.grading !== 'normal' ? `(${p.tr(`grading.${e.grading}`)})` : ''].filter(Boolean).join(' '),
    marked,
    remarks: e.remarks ?? '',
  };
}

function pdfRow(p: Printing, e: DiaryEntry): Cell[] {
  const c = cells(p, e);
  return [c.number, c.received, c.mode, c.sender, c.letter, c.subject, c.marked, c.remarks];
}

function csvRow(p: Printing, e: DiaryEntry): CsvCell[] {
  const c = cells(p, e);
  return [c.number, c.received, c.mode, c.sender, c.letter.replace('\n', ' '), c.subject, c.marked.replace('\n', '; '), c.remarks];
}
