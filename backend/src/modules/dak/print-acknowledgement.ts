import { transact, type Scope } from '../../shared/scope.js';
import { invalidState } from '../../shared/app-error.js';
import { formatDmy, istDate, istDmyTime } from '../../shared/dates.js';
import { PDF, fileSafe, type DownloadFile } from '../../shared/download.js';
import type { Locale } from '../../shared/i18n.js';
import { printing } from '../../shared/print.js';
import { PdfDocument } from '../../infra/pdf/index.js';
import { OfficeSchema, UserSchema } from '../org/index.js';
import { postRefs } from '../movement/index.js';
import { loadVisibleReceipt } from './dak.policy.js';
import { senderLocale } from './diarise-receipt.js';

/**
 * The acknowledgement slip handed to whoever delivered a letter by hand (A5): diary number, date
 * and time received, sender, letter, subject, office and the post that received it, with room for
 * the clerk's signature and seal. In the letter's language unless `lang` says otherwise (as the
 * acknowledgement SMS). Anyone who may see the receipt may print it; a graded one's printing is audited.
 */
export async function acknowledgementSlip(scope: Scope, id: string, q: { lang?: Locale | undefined }): Promise<DownloadFile> {
  const r = await loadVisibleReceipt(scope.em, scope.actor, id);
  if (!r.diaryNumber || !r.diarisedAt) throw invalidState('notDiarised');
  const p = printing(q.lang ?? senderLocale(r, scope.actor.locale));
  const [office, refs, clerk] = await Promise.all([
    scope.em.findOneOrFail(OfficeSchema, { id: r.office.id }),
    postRefs(scope.em, [r.createdByPost.id]),
    scope.em.findOne(UserSchema, { id: r.createdByUser.id }),
  ]);
  const receivedBy = refs.get(r.createdByPost.id);
  // a letter diarised on the day it came: the time of diarisation is when the desk took it
  const receivedAt = r.receivedDate && r.receivedDate !== istDate(r.diarisedAt) ? formatDmy(r.receivedDate) : istDmyTime(r.diarisedAt);
  const letter =
    [r.letterNumber, r.letterDate ? p.tr('diary.dated', { date: formatDmy(r.letterDate) }) : null].filter(Boolean).join(' ') || null;
  const title = p.tr('ack.title');
  if (r.grading !== 'normal')
    await transact(scope, async (tx) =>
      tx.emit({ type: 'receipt.printed', receiptId: r.id, document: 'acknowledgement', grading: r.grading }),
    );

  const pdf = new PdfDocument({ title: `${title} — ${r.diaryNumber}`, lang: p.locale, size: 'A5', margin: 30, footer: p.footer(title) });
  pdf.letterhead({ nameHi: office.nameHi, nameEn: office.nameEn }, { size: 12 });
  pdf.title(title, { size: 14, after: 4 });
  pdf.paragraph(p.tr('ack.intro'), { size: 9, align: 'center', after: 8 });
  pdf.paragraph(`${p.tr('ack.diaryNo')}: ${r.diaryNumber}`, { font: 'bold', size: 13, align: 'center', fit: true, after: 10 });
  pdf.fields(
    [
      [p.tr('ack.receivedAt'), receivedAt],
      [p.tr('ack.mode'), r.mode ? p.tr(`modes.${r.mode}`) : null],
      [p.tr('ack.sender'), r.sender ?? null],
      [p.tr('ack.letter'), letter],
      [p.tr('ack.subject'), r.subject ?? null],
      [p.tr('ack.office'), p.name({ hi: office.nameHi, en: office.nameEn })],
      [
        p.tr('ack.receivedBy'),
        [receivedBy ? p.name(receivedBy.designation) : null, clerk ? p.name({ hi: clerk.nameHi, en: clerk.nameEn }) : null]
          .filter(Boolean)
          .join(' — ') || null,
      ],
    ],
    { size: 10 },
  );
  pdf.ensure(70);
  pdf.gap(36);
  const w = pdf.width / 2;
  pdf.doc
    .save()
    .moveTo(pdf.left + w, pdf.y)
    .lineTo(pdf.left + pdf.width, pdf.y)
    .lineWidth(0.6)
    .stroke()
    .restore();
  pdf.gap(3);
  pdf.paragraph(p.tr('ack.signature'), { size: 8, align: 'right' });
  pdf.gap(10);
  pdf.paragraph(p.tr('ack.quote'), { size: 8, color: '#333333' });
  return { filename: `acknowledgement-${fileSafe(r.diaryNumber)}.pdf`, contentType: PDF, body: await pdf.finish() };
}
