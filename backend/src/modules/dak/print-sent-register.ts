import { transact, type Scope } from '../../shared/scope.js';
import { istDmyTime } from '../../shared/dates.js';
import { toCsvText, type CsvCell } from '../../shared/csv.js';
import { CSV, PDF, type DownloadFile } from '../../shared/download.js';
import { printing, type Printing } from '../../shared/print.js';
import { PdfDocument } from '../../infra/pdf/index.js';
import { sentRegister, type SentEntry } from './sent-register.js';
import { REGISTER_MAX_ROWS } from './print-diary-register.js';
import type { DiaryRegisterExportQuery } from './dak.schemas.js';

/** "DD.MM.YYYY HH:MM:SS" (IST): the register's exact times. */
const exact = (iso: string) => istDmyTime(new Date(iso), { seconds: true });

/**
 * The acting post's sent register for a period, to print (A4 landscape PDF) or as CSV, with exact
 * times (to the second, IST). Printing graded entries in full is recorded in the audit log.
 */
export async function sentRegisterFile(scope: Scope, q: DiaryRegisterExportQuery): Promise<DownloadFile> {
  const r = await sentRegister(scope, q, { limit: REGISTER_MAX_ROWS, offset: 0 });
  const p = printing(q.lang ?? scope.actor.locale);
  const title = p.tr('sent.title');
  const columns = [
    { label: p.tr('sent.sentAt'), kind: 'keep' as const },
    { label: p.tr('sent.diaryNo'), kind: 'keep' as const },
    { label: p.tr('sent.subject'), weight: 3 },
    { label: p.tr('sent.sender'), weight: 1.5 },
    { label: p.tr('sent.action'), weight: 0.8 },
    { label: p.tr('sent.to'), weight: 1.5 },
    { label: p.tr('sent.remarks'), weight: 1.5 },
    { label: p.tr('sent.openedAt'), kind: 'keep' as const },
    { label: p.tr('sent.holder'), weight: 1.5 },
  ];
  const rows = r.entries.map((e) => row(p, e));
  const graded = r.entries.filter((e) => !e.withheld && e.grading !== 'normal').length;
  if (graded && scope.actor.officeId) {
    await transact(scope, async (tx) =>
      tx.emit({
        type: 'dak.register-printed',
        register: 'sent',
        officeId: scope.actor.officeId!,
        from: r.from,
        to: r.to,
        entries: r.entries.length,
        graded,
        format: q.format,
      }),
    );
  }
  const post = r.entries[0]?.from;
  const stamp = r.from === r.to ? r.from : `${r.from}_${r.to}`;
  if (q.format === 'csv') {
    const records: CsvCell[][] = [[title], [post ? p.name(post.designation) : ''], [p.period(r)], [], columns.map((c) => c.label), ...rows];
    return { filename: `sent-register-${stamp}.csv`, contentType: CSV, body: toCsvText(records) };
  }
  const pdf = new PdfDocument({ title: `${title} — ${p.period(r)}`, lang: p.locale, landscape: true, margin: 32, footer: p.footer(title) });
  if (post) pdf.letterhead({ nameHi: post.officeName.hi, nameEn: post.officeName.en }, { size: 13 });
  pdf.title(title, { after: 2 });
  pdf.paragraph([post ? p.name(post.designation) : null, p.period(r), p.tr('entries', { n: r.total })].filter(Boolean).join(' — '), {
    size: 9,
    align: 'center',
    after: 8,
  });
  if (!rows.length) pdf.paragraph(p.tr('sent.empty'), { size: 10 });
  else pdf.table({ columns, rows });
  if (r.total > r.entries.length) pdf.paragraph(p.tr('truncated', { n: r.entries.length }), { size: 9 });
  return { filename: `sent-register-${stamp}.pdf`, contentType: PDF, body: await pdf.finish() };
}

function row(p: Printing, e: SentEntry): CsvCell[] {
  const withheld = p.tr('withheld');
  return [
    exact(e.sentAt),
    e.diaryNumber ?? '',
    e.withheld ? withheld : (e.subject ?? ''),
    e.withheld ? '' : (e.sender ?? ''),
    p.tr(`movement.${e.kind}`),
    p.name(e.to.designation),
    e.remarks ?? '',
    e.openedAt ? exact(e.openedAt) : '',
    p.name(e.holder.designation),
  ];
}
