import QRCode from 'qrcode';
import { lineHeight, PdfDocument } from '../../infra/pdf/index.js';

/** Draws a QR code as vector squares (crisp at any zoom, no PNG encode/decode); answers its version (size class). */
export function drawQr(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  size: number,
  level: 'L' | 'M' | 'Q' | 'H' = 'M',
): number {
  // one byte-mode segment: what we encode (URLs, base64url tokens) is bytes anyway, and the library's search for
  // the cheapest mix of modes (a shortest-path over segments) was a fifth of rendering a pass
  const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: level });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  // one rectangle per run of dark modules in a row (a third of the drawing operations of one per module)
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      let end = c;
      while (end + 1 < n && qr.modules.get(r, end + 1)) end++;
      doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, (end - c + 1) * cell, cell);
      c = end;
    }
  }
  doc.fill('#000000').restore();
  return qr.version;
}

export interface LetterContent {
  office: { nameHi: string; nameEn: string };
  issueNumber: string;
  /** The date printed on the letter, DD.MM.YYYY (IST). */
  date: string;
  fileNumber: string;
  subject: string;
  addressee: string;
  /** Plain text, paragraphs separated by newlines (Hindi and/or English). */
  body: string;
  signatory: { name: string; designation: string };
  /** The QR's content: the public verification URL carrying the signed token. */
  verifyUrl: string;
}

const MARGIN = 64;

/**
 * Renders an issued letter on A4 (infra/pdf): bilingual letterhead, issue number and date,
 * addressee, subject, body, signature block and verification QR. Every line is one marked-content
 * span with its ActualText, so copying or searching the PDF gives the Hindi as typed.
 */
export async function renderLetter(c: LetterContent): Promise<Buffer> {
  const pdf = new PdfDocument({
    title: `${c.issueNumber} — ${c.subject}`,
    author: c.signatory.name,
    subject: c.subject,
    lang: 'hi',
    margin: MARGIN,
    footer: (page, pages) => `${c.issueNumber} — पृष्ठ / Page ${page} / ${pages}`,
  });
  const { doc } = pdf;
  const width = pdf.width;

  pdf.letterhead(c.office, { size: 15 });
  const top = pdf.y;
  pdf.span(`पत्रांक / No.: ${c.issueNumber}`, MARGIN, top, { size: 11, width: width / 2 });
  pdf.span(`दिनांक / Date: ${c.date}`, MARGIN + width / 2, top, { size: 11, width: width / 2, align: 'right' });
  pdf.y = top + lineHeight(11) + 4;
  pdf.paragraph(`पत्रावली / File: ${c.fileNumber}`, { size: 9, after: 10 });

  pdf.paragraph('सेवा में / To,', { size: 12 });
  for (const l of c.addressee.split('\n').filter((s) => s.trim())) pdf.paragraph(l.trim(), { size: 12, after: 3 });
  pdf.gap(8);
  pdf.paragraph(`विषय / Subject: ${c.subject}`, { font: 'bold', size: 12 });
  pdf.gap(8);
  for (const para of c.body
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)) {
    pdf.paragraph(para, { size: 12, after: 3 });
    pdf.gap(6);
  }

  // Signature block (right) and QR (left), kept together on one page.
  const qrSize = 96;
  pdf.ensure(qrSize + 40);
  pdf.gap(16);
  const blockTop = pdf.y;
  drawQr(doc, c.verifyUrl, MARGIN, blockTop, qrSize);
  pdf.span('सत्यापन हेतु स्कैन करें / Scan to verify', MARGIN, blockTop + qrSize + 2, { size: 7, width: qrSize + 60 });
  const sx = MARGIN + width / 2;
  const sig = (text: string, font: 'regular' | 'bold', size: number, dy: number) =>
    pdf.span(text, sx, blockTop + dy, { font, size, width: width / 2, align: 'right' });
  sig('डिजिटल हस्ताक्षरित / Digitally signed', 'regular', 9, 8);
  sig(c.signatory.name, 'bold', 12, 26);
  sig(c.signatory.designation, 'regular', 11, 44);
  sig(c.office.nameEn, 'regular', 9, 62);
  pdf.y = blockTop + qrSize + 14;
  return pdf.finish();
}
