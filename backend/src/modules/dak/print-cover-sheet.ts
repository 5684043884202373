import { transact, type Scope } from '../../shared/scope.js';
import { invalidState } from '../../shared/app-error.js';
import { formatDmy, istDmyTime } from '../../shared/dates.js';
import { PDF, fileSafe, type DownloadFile } from '../../shared/download.js';
import type { Locale } from '../../shared/i18n.js';
import { printing } from '../../shared/print.js';
import { PdfDocument } from '../../infra/pdf/index.js';
import { OfficeSchema } from '../org/index.js';
import { presentMovements } from '../movement/index.js';
import { loadVisibleReceipt } from './dak.policy.js';
import { receiptAddons } from './receipt-addons.js';

/**
 * A receipt's cover sheet, as offices pin on top of a letter (A4): diary number, grading and
 * priority (graded ones marked at the top), due date, sender, letter, subject, and its movement so
 * far with exact times. For whoever may see the receipt; printing a graded one is audited.
 */
export async function receiptCoverSheet(scope: Scope, id: string, q: { lang?: Locale | undefined }): Promise<DownloadFile> {
  const r = await loadVisibleReceipt(scope.em, scope.actor, id);
  if (!r.diaryNumber) throw invalidState('notDiarised');
  const p = printing(q.lang ?? scope.actor.locale);
  const [office, history, file] = await Promise.all([
    scope.em.findOneOrFail(OfficeSchema, { id: r.office.id }),
    presentMovements(scope.em, 'receipt', r.id, [r.holderPost.id]),
    r.filedIn ? receiptAddons.use.filedIn(scope.em, r.filedIn) : null,
  ]);
  if (r.grading !== 'normal')
    await transact(scope, async (tx) => tx.emit({ type: 'receipt.printed', receiptId: r.id, document: 'cover-sheet', grading: r.grading }));
  const title = p.tr('cover.title');
  const holder = history.refs.get(r.holderPost.id);
  const letter =
    [r.letterNumber, r.letterDate ? p.tr('diary.dated', { date: formatDmy(r.letterDate) }) : null].filter(Boolean).join(' ') || null;

  const pdf = new PdfDocument({ title: `${title} — ${r.diaryNumber}`, lang: p.locale, footer: p.footer(`${title} — ${r.diaryNumber}`) });
  pdf.letterhead({ nameHi: office.nameHi, nameEn: office.nameEn });
  if (r.grading !== 'normal')
    pdf.paragraph(p.tr(`grading.${r.grading}`).toUpperCase(), { font: 'bold', size: 16, align: 'center', after: 2 });
  pdf.title(title, { after: 4 });
  pdf.paragraph(`${p.tr('cover.diaryNo')}: ${r.diaryNumber}`, { font: 'bold', size: 15, align: 'center', fit: true, after: 10 });
  pdf.fields([
    [p.tr('cover.received'), r.receivedDate ? formatDmy(r.receivedDate) : null],
    [p.tr('cover.mode'), r.mode ? p.tr(`modes.${r.mode}`) : null],
    [p.tr('cover.grading'), p.tr(`grading.${r.grading}`)],
    [p.tr('cover.priority'), p.tr(`priority.${r.priority}`)],
    [p.tr('cover.dueDate'), r.dueDate ? formatDmy(r.dueDate) : null],
    [p.tr('cover.sender'), [r.sender, r.senderAddress].filter(Boolean).join(', ') || null],
    [p.tr('cover.letter'), letter],
    [p.tr('cover.subject'), r.subject ?? null],
    [p.tr('cover.category'), r.category ?? null],
    [p.tr('cover.pages'), r.pageCount ? String(r.pageCount) : null],
    [p.tr('cover.holder'), holder ? p.name(holder.designation) : null],
    [p.tr('cover.filedIn'), file?.fileNumber ?? null],
  ]);
  pdf.gap(4);
  pdf.paragraph(p.tr('cover.movements'), { font: 'bold', size: 12, after: 4 });
  if (!history.movements.length) pdf.paragraph(p.tr('cover.notMoved'), { size: 10 });
  else {
    pdf.table({
      size: 9,
      columns: [
        { label: p.tr('cover.when'), kind: 'keep' },
        { label: p.tr('cover.action'), weight: 0.8 },
        { label: p.tr('cover.from'), weight: 1.5 },
        { label: p.tr('cover.to'), weight: 1.5 },
        { label: p.tr('cover.remarks'), weight: 2 },
      ],
      rows: history.movements.map((m) => [
        istDmyTime(new Date(m.sentAt)),
        p.tr(`movement.${m.kind}`),
        p.name(m.from.designation),
        p.name(m.to.designation),
        [
          m.remarks,
          m.dueDate ? `${p.tr('cover.dueDate')}: ${formatDmy(m.dueDate)}` : null,
          m.openedAt ? p.tr('cover.opened', { at: istDmyTime(new Date(m.openedAt)) }) : null,
        ]
          .filter(Boolean)
          .join('\n'),
      ]),
    });
  }
  return { filename: `cover-sheet-${fileSafe(r.diaryNumber)}.pdf`, contentType: PDF, body: await pdf.finish() };
}
