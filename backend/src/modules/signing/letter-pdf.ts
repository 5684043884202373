import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const requireHere = createRequire(import.meta.url);
/** Noto Sans Devanagari Regular: Devanagari and Latin glyphs, shaped correctly by pdfkit (fontkit). */
export const NOTO_DEVANAGARI_TTF = path.join(
  path.dirname(requireHere.resolve('@expo-google-fonts/noto-sans-devanagari/package.json')),
  '400Regular',
  'NotoSansDevanagari_400Regular.ttf',
);
const NOTO_DEVANAGARI_BOLD_TTF = path.join(path.dirname(NOTO_DEVANAGARI_TTF), '..', '700Bold', 'NotoSansDevanagari_700Bold.ttf');

/**
 * Fonts parsed once per process: pdfkit accepts a fontkit font, and parsing the TTF tables
 * (GSUB/GPOS for Devanagari) on every letter would be most of the rendering time.
 */
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | null = null;
const loadedFonts = () => (fonts ??= { regular: fontkit.openSync(NOTO_DEVANAGARI_TTF) as fontkit.Font, bold: fontkit.openSync(NOTO_DEVANAGARI_BOLD_TTF) as fontkit.Font });

/** Draws a QR code as vector squares (crisp at any zoom, no PNG encode/decode). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
  }
  doc.fill('#000000').restore();
}

export interface LetterContent {
  office: { nameHi: string; nameEn: string };
  issueNumber: string;
  /** The date printed on the letter, DD-MM-YYYY (IST). */
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
const FOOTER = 40;

/**
 * Renders an issued letter on A4: bilingual letterhead, issue number and date, addressee,
 * subject, body, signature block and verification QR. Every line is written as one marked-content
 * span with its ActualText, so copying or searching the PDF gives the Hindi as typed.
 */
export async function renderLetter(c: LetterContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${c.issueNumber} — ${c.subject}`, Author: c.signatory.name, Subject: c.subject, Creator: 'Patravali', Producer: 'Patravali' },
    lang: 'hi-IN',
    tagged: false,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (ch: Buffer) => chunks.push(ch));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const f = loadedFonts();
  doc.registerFont('regular', f.regular as never);
  doc.registerFont('bold', f.bold as never);

  const width = doc.page.width - MARGIN * 2;
  const bottom = () => doc.page.height - MARGIN - FOOTER;

  /** One line at the cursor, marked with its text; moves down by the line height. */
  const line = (text: string, o: { font?: 'regular' | 'bold'; size?: number; align?: 'left' | 'center' | 'right'; gap?: number } = {}) => {
    const size = o.size ?? 12;
    doc.font(o.font ?? 'regular').fontSize(size);
    const h = doc.currentLineHeight(true) + (o.gap ?? 4);
    if (doc.y + h > bottom()) doc.addPage();
    const x = MARGIN;
    const y = doc.y;
    doc.markContent('Span', { actual: text });
    doc.text(text, x, y, { width, align: o.align ?? 'left', lineBreak: false });
    doc.endMarkedContent();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  /**
   * Greedy word wrap by measured width, so each printed line is one span. Words are measured once
   * each (shaping is the costly part; Devanagari shapes within words, not across spaces).
   */
  const widths = new Map<string, number>();
  const wrap = (text: string, size: number, font: 'regular' | 'bold' = 'regular'): string[] => {
    doc.font(font).fontSize(size);
    const measure = (w: string) => {
      const key = `${font}|${size}|${w}`;
      let v = widths.get(key);
      if (v === undefined) widths.set(key, (v = doc.widthOfString(w)));
      return v;
    };
    const space = measure(' ');
    const out: string[] = [];
    for (const para of text.split('\n')) {
      let current: string[] = [];
      let used = 0;
      for (const w of para.split(/\s+/).filter(Boolean)) {
        const ww = measure(w);
        if (current.length && used + space + ww > width) {
          out.push(current.join(' '));
          current = [];
          used = 0;
        }
        used += (current.length ? space : 0) + ww;
        current.push(w);
      }
      out.push(current.join(' '));
    }
    return out;
  };
  const paragraph = (text: string, o: { font?: 'regular' | 'bold'; size?: number } = {}) => {
    for (const l of wrap(text, o.size ?? 12, o.font)) line(l, { ...o, gap: 5 });
  };

  // Letterhead
  line(c.office.nameHi, { font: 'bold', size: 15, align: 'center', gap: 2 });
  line(c.office.nameEn, { font: 'bold', size: 13, align: 'center', gap: 6 });
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(1).stroke();
  doc.y += 10;
  const top = doc.y;
  doc.markContent('Span', { actual: `पत्रांक / No.: ${c.issueNumber}` });
  doc.font('regular').fontSize(11).text(`पत्रांक / No.: ${c.issueNumber}`, MARGIN, top, { width: width / 2, lineBreak: false });
  doc.endMarkedContent();
  doc.markContent('Span', { actual: `दिनांक / Date: ${c.date}` });
  doc.text(`दिनांक / Date: ${c.date}`, MARGIN + width / 2, top, { width: width / 2, align: 'right', lineBreak: false });
  doc.endMarkedContent();
  doc.x = MARGIN;
  doc.y = top + doc.currentLineHeight(true) + 4;
  line(`पत्रावली / File: ${c.fileNumber}`, { size: 9, gap: 10 });

  line('सेवा में / To,', { size: 12 });
  for (const l of c.addressee.split('\n').filter((s) => s.trim())) paragraph(l.trim());
  doc.y += 8;
  paragraph(`विषय / Subject: ${c.subject}`, { font: 'bold' });
  doc.y += 8;
  for (const para of c.body.split('\n').map((s) => s.trim()).filter(Boolean)) {
    paragraph(para);
    doc.y += 6;
  }

  // Signature block (right) and QR (left), kept together on one page.
  const qrSize = 96;
  if (doc.y + qrSize + 40 > bottom()) doc.addPage();
  doc.y += 16;
  const blockTop = doc.y;
  drawQr(doc, c.verifyUrl, MARGIN, blockTop, qrSize);
  doc.markContent('Span', { actual: 'सत्यापन हेतु स्कैन करें / Scan to verify' });
  doc.font('regular').fontSize(7).text('सत्यापन हेतु स्कैन करें / Scan to verify', MARGIN, blockTop + qrSize + 2, { width: qrSize + 60, lineBreak: false });
  doc.endMarkedContent();
  const sx = MARGIN + width / 2;
  const sigLine = (text: string, font: 'regular' | 'bold', size: number, dy: number) => {
    doc.markContent('Span', { actual: text });
    doc.font(font).fontSize(size).text(text, sx, blockTop + dy, { width: width / 2, align: 'right', lineBreak: false });
    doc.endMarkedContent();
  };
  sigLine('डिजिटल हस्ताक्षरित / Digitally signed', 'regular', 9, 8);
  sigLine(c.signatory.name, 'bold', 12, 26);
  sigLine(c.signatory.designation, 'regular', 11, 44);
  sigLine(c.office.nameEn, 'regular', 9, 62);

  // Footer on every page: page x of y
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const text = `${c.issueNumber} — पृष्ठ / Page ${i + 1} / ${range.count}`;
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Span', { actual: text });
    doc.font('regular').fontSize(8).text(text, MARGIN, doc.page.height - MARGIN + 10, { width, align: 'center', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = saved;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
