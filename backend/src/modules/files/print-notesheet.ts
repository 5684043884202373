import { transact, type Scope } from '../../shared/scope.js';
import { istDmyTime } from '../../shared/dates.js';
import { PDF, fileSafe, type DownloadFile } from '../../shared/download.js';
import type { Locale } from '../../shared/i18n.js';
import { printing, type Printing } from '../../shared/print.js';
import { lineHeight, PdfDocument } from '../../infra/pdf/index.js';
import { OfficeSchema } from '../org/index.js';
import { postRefs, userRefs } from '../movement/index.js';
import { EFileSchema, NoteSchema } from './files.entity.js';
import { loadVisibleFile, visibleFileIds } from './files.policy.js';
import { orderNotes } from './files.presenter.js';
import { toPlainText } from './rich-text.js';
import { fileAddons } from './file-addons.js';

/**
 * A note's text as printed: references to correspondence pages as "p. 12/C" (in the document's
 * language), references to other files by their number (or a placeholder for a file the reader
 * cannot see), list items bulleted. The note's HTML is the sanitised subset rich-text.ts keeps.
 */
export function printedNoteText(html: string, p: Printing, visible: ReadonlyMap<string, string>): string {
  const withRefs = html
    .replace(/<a data-page="(\d+)">[\s\S]*?<\/a>/g, (_, page: string) => escapeHtml(p.tr('notesheet.pageRef', { page })))
    .replace(/<a data-file="([0-9a-f-]{36})">[\s\S]*?<\/a>/g, (_, id: string) =>
      escapeHtml(visible.get(id) ?? p.tr('notesheet.hiddenFile')),
    )
    .replace(/<li>/g, '<li>• ');
  return toPlainText(withRefs);
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The file's notesheet to print (A4): its final (green) notes in order as numbered paragraphs, each
 * with its author's name and designation, the time it was made final and, if signed, the signature
 * (signer, time, certificate, whether the words are as signed). For whoever may see the file
 * (others: 404); printing a graded file's notesheet is recorded in the audit log.
 */
export async function printNotesheet(scope: Scope, id: string, q: { lang?: Locale | undefined }): Promise<DownloadFile> {
  const file = await loadVisibleFile(scope.em, scope.actor, id);
  const p = printing(q.lang ?? scope.actor.locale);
  const notes = orderNotes(await scope.em.find(NoteSchema, { file: file.id, state: 'green' }));
  const refFiles = [...new Set(notes.flatMap((n) => n.refFiles))];
  const [office, posts, users, signatures, visibleIds] = await Promise.all([
    scope.em.findOneOrFail(OfficeSchema, { id: file.office.id }),
    postRefs(
      scope.em,
      notes.map((n) => n.authorPost.id),
    ),
    userRefs(
      scope.em,
      notes.map((n) => n.authorUser.id),
    ),
    fileAddons.use.noteSignatures(scope.em, file, notes),
    visibleFileIds(scope.em, scope.actor, refFiles),
  ]);
  const numbers = new Map(
    (visibleIds.size ? await scope.em.find(EFileSchema, { id: { $in: [...visibleIds] } }) : []).map((f) => [f.id, f.fileNumber]),
  );
  if (file.grading !== 'normal')
    await transact(scope, async (tx) =>
      tx.emit({ type: 'file.printed', fileId: file.id, document: 'notesheet', grading: file.grading, notes: notes.length }),
    );

  const title = p.tr('notesheet.title');
  const pdf = new PdfDocument({
    title: `${title} — ${file.fileNumber}`,
    lang: p.locale,
    footer: p.footer(`${title} — ${file.fileNumber}`),
  });
  pdf.onNewPage(() => {
    pdf.paragraph(p.tr('notesheet.continued', { file: file.fileNumber }), { size: 8, color: '#444444', after: 2 });
    pdf.rule({ weight: 0.4, after: 8 });
  });
  pdf.letterhead({ nameHi: office.nameHi, nameEn: office.nameEn });
  if (file.grading !== 'normal')
    pdf.paragraph(p.tr(`grading.${file.grading}`).toUpperCase(), { font: 'bold', size: 14, align: 'center', after: 2 });
  pdf.title(title, { after: 6 });
  pdf.fields(
    [
      [p.tr('notesheet.fileNo'), file.fileNumber],
      [p.tr('notesheet.subject'), file.subject],
    ],
    { size: 11 },
  );
  pdf.rule({ after: 10 });
  if (!notes.length) pdf.paragraph(p.tr('notesheet.empty'), { size: 10 });

  const gutter = 30;
  const size = 11;
  for (const n of notes) {
    const paragraphs = printedNoteText(n.body, p, numbers).split('\n');
    const author = posts.get(n.authorPost.id);
    const user = users.get(n.authorUser.id);
    const sig = signatures.get(n.id);
    // the number and the first line of the note stay together
    pdf.ensure(lineHeight(size) * 2);
    pdf.span(`${n.no}.`, pdf.left, pdf.y, { font: 'bold', size });
    paragraphs.forEach((para, i) => {
      if (para.trim()) pdf.paragraph(para, { size, indent: gutter, after: 2 });
      else if (i) pdf.gap(lineHeight(size) / 2);
    });
    // the signature block, kept together, on the right
    const block: Array<[string, { font?: 'bold'; size: number; color?: string }]> = [];
    if (user) block.push([p.name(user.name), { font: 'bold', size: 10 }]);
    if (author) block.push([p.name(author.designation), { size: 10 }]);
    block.push([istDmyTime(n.lockedAt ?? n.updatedAt), { size: 9 }]);
    if (sig) {
      block.push([
        p.tr('notesheet.signed', { signer: sig.signer, at: istDmyTime(new Date(sig.signedAt)), serial: sig.serialNumber }),
        { size: 8 },
      ]);
      block.push([
        p.tr(sig.integrity ? 'notesheet.signatureOk' : 'notesheet.signatureBroken'),
        { size: 8, ...(sig.integrity ? {} : { font: 'bold' as const }) },
      ]);
      if (sig.revoked) block.push([p.tr('notesheet.revoked'), { size: 8, font: 'bold' }]);
      if (sig.demoCertificate) block.push([p.tr('notesheet.demoCertificate'), { size: 8, font: 'bold' }]);
    }
    const blockWidth = pdf.width * 0.55;
    const lines = block.flatMap(([text, o]) => pdf.wrap(text, blockWidth, o).map((l) => [l, o] as const));
    pdf.gap(4);
    pdf.ensure(lines.reduce((h, [, o]) => h + lineHeight(o.size), 0));
    for (const [l, o] of lines) {
      pdf.span(l, pdf.left + pdf.width - blockWidth, pdf.y, { ...o, width: blockWidth, align: 'right' });
      pdf.y += lineHeight(o.size);
    }
    pdf.gap(12);
  }
  return { filename: `notesheet-${fileSafe(file.fileNumber)}.pdf`, contentType: PDF, body: await pdf.finish() };
}
