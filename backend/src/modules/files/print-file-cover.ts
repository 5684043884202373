import { transact, type Scope } from '../../shared/scope.js';
import { istDmy } from '../../shared/dates.js';
import { PDF, fileSafe, type DownloadFile } from '../../shared/download.js';
import type { Locale } from '../../shared/i18n.js';
import { printing } from '../../shared/print.js';
import { PdfDocument } from '../../infra/pdf/index.js';
import { OfficeSchema } from '../org/index.js';
import { postRefs } from '../movement/index.js';
import { EFileSchema, FileHeadSchema } from './files.entity.js';
import { loadVisibleFile } from './files.policy.js';

/**
 * The cover of a file to print (A4): file number, subject, head, office, grading, priority, opened
 * on and by, part or volume of which main file, status. For whoever may see the file (others:
 * 404); printing a graded file's cover is recorded in the audit log.
 */
export async function printFileCover(scope: Scope, id: string, q: { lang?: Locale | undefined }): Promise<DownloadFile> {
  const file = await loadVisibleFile(scope.em, scope.actor, id);
  const p = printing(q.lang ?? scope.actor.locale);
  const [office, head, parent, refs] = await Promise.all([
    scope.em.findOneOrFail(OfficeSchema, { id: file.office.id }),
    scope.em.findOneOrFail(FileHeadSchema, { id: file.head.id }),
    file.parent ? scope.em.findOne(EFileSchema, { id: file.parent.id }) : null,
    postRefs(scope.em, [file.createdByPost.id, file.holderPost.id]),
  ]);
  if (file.grading !== 'normal')
    await transact(scope, async (tx) => tx.emit({ type: 'file.printed', fileId: file.id, document: 'cover', grading: file.grading }));
  const title = p.tr('fileCover.title');
  const part =
    file.kind === 'main' || !parent
      ? p.tr('fileCover.main')
      : p.tr(file.kind === 'part' ? 'fileCover.partOf' : 'fileCover.volumeOf', { n: file.partNo ?? '', file: parent.fileNumber });
  const openedBy = refs.get(file.createdByPost.id);
  const holder = refs.get(file.holderPost.id);

  const pdf = new PdfDocument({
    title: `${title} — ${file.fileNumber}`,
    lang: p.locale,
    margin: 56,
    footer: p.footer(`${title} — ${file.fileNumber}`),
  });
  pdf.letterhead({ nameHi: office.nameHi, nameEn: office.nameEn }, { size: 16 });
  pdf.gap(20);
  if (file.grading !== 'normal') pdf.paragraph(p.tr(`grading.${file.grading}`), { font: 'bold', size: 20, align: 'center', after: 10 });
  pdf.title(title, { size: 14, after: 16 });
  pdf.paragraph(file.fileNumber, { font: 'bold', size: 22, align: 'center', fit: true, after: 14 });
  pdf.paragraph(file.subject, { font: 'bold', size: 15, align: 'center', after: 30 });
  pdf.fields(
    [
      [p.tr('fileCover.fileNo'), file.fileNumber],
      [p.tr('fileCover.head'), `${head.code} — ${p.name({ hi: head.nameHi, en: head.nameEn })}`],
      [p.tr('fileCover.office'), p.name({ hi: office.nameHi, en: office.nameEn })],
      [p.tr('fileCover.grading'), p.tr(`grading.${file.grading}`)],
      [p.tr('fileCover.priority'), p.tr(`priority.${file.priority}`)],
      [p.tr('fileCover.category'), file.category ?? null],
      [p.tr('fileCover.keywords'), file.keywords.length ? file.keywords.join(', ') : null],
      [p.tr('fileCover.part'), part],
      [p.tr('fileCover.openedOn'), istDmy(file.createdAt)],
      [p.tr('fileCover.openedBy'), openedBy ? p.name(openedBy.designation) : null],
      [
        p.tr('fileCover.status'),
        file.status === 'closed' && file.closedAt ? p.tr('fileCover.closed', { date: istDmy(file.closedAt) }) : p.tr('fileCover.open'),
      ],
      [p.tr('fileCover.holder'), holder ? p.name(holder.designation) : null],
    ],
    { size: 12 },
  );
  return { filename: `file-cover-${fileSafe(file.fileNumber)}.pdf`, contentType: PDF, body: await pdf.finish() };
}
