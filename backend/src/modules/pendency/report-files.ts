import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { toCsvText } from '../../shared/csv.js';

const requireHere = createRequire(import.meta.url);
const FONT_DIR = path.dirname(requireHere.resolve('@expo-google-fonts/noto-sans-devanagari/package.json'));
/** Noto Sans Devanagari has Latin and Devanagari glyphs; pdfkit (fontkit) shapes the conjuncts and matras right. */
export const REPORT_FONT = path.join(FONT_DIR, '400Regular', 'NotoSansDevanagari_400Regular.ttf');
export const REPORT_FONT_BOLD = path.join(FONT_DIR, '700Bold', 'NotoSansDevanagari_700Bold.ttf');

export type Cell = string | number | null;
export interface ReportTable {
  heading: string;
  columns: Array<{ label: string; numeric?: boolean; weight?: number }>;
  rows: Cell[][];
  /** Rows printed bold (subtotals, totals). */
  emphasis?: Set<number>;
}
export interface TabularReport {
  title: string;
  /** Lines under the title: scope, as-of time, filters. */
  meta: string[];
  tables: ReportTable[];
  footer: (page: number, pages: number) => string;
}

/** CSV (see shared/csv.ts: BOM, formula-safe cells); tables one after another. */
export function toCsv(r: TabularReport): string {
  const records: Cell[][] = [[r.title], ...r.meta.map((m) => [m])];
  for (const t of r.tables) {
    records.push([], [t.heading], t.columns.map((c) => c.label), ...t.rows);
  }
  return toCsvText(records);
}

const MARGIN = 36;

/**
 * A4 landscape PDF of the report's tables: header row repeated on every page, long cells cut to
 * their column with an ellipsis. Every piece of text is one marked-content span carrying its
 * ActualText, so copying or searching the PDF gives the Hindi as written (not glyph order).
 */
export async function toPdf(r: TabularReport): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true, info: { Title: r.title, Creator: 'Patravali', Producer: 'Patravali' }, lang: 'hi-IN' } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('regular', REPORT_FONT);
  doc.registerFont('bold', REPORT_FONT_BOLD);
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 18;

  const text = (s: string, x: number, y: number, o: { font?: 'regular' | 'bold'; size?: number; width?: number; align?: 'left' | 'right' } = {}) => {
    doc.font(o.font ?? 'regular').fontSize(o.size ?? 8);
    let out = s;
    if (o.width !== undefined && doc.widthOfString(out) > o.width) {
      while (out.length > 1 && doc.widthOfString(`${out}…`) > o.width) out = out.slice(0, -1);
      out = `${out.trimEnd()}…`;
    }
    doc.markContent('Span', { actual: out } as Record<string, unknown>);
    doc.text(out, x, y, { width: o.width, align: o.align ?? 'left', lineBreak: false });
    doc.endMarkedContent();
  };

  let y = MARGIN;
  text(r.title, MARGIN, y, { font: 'bold', size: 14, width });
  y += 22;
  for (const m of r.meta) {
    text(m, MARGIN, y, { size: 9, width });
    y += 13;
  }
  for (const t of r.tables) {
    const weights = t.columns.map((c, i) => c.weight ?? Math.min(6, Math.max(1, Math.max(c.label.length, ...t.rows.slice(0, 200).map((row) => String(row[i] ?? '').length)) / 8)));
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / total) * width);
    const rowH = 13;
    const header = () => {
      doc.save().rect(MARGIN, y - 2, width, rowH + 1).fill('#e8e8e8').restore().fillColor('black');
      let x = MARGIN;
      t.columns.forEach((c, i) => {
        text(c.label, x + 2, y, { font: 'bold', width: widths[i]! - 4, align: c.numeric ? 'right' : 'left' });
        x += widths[i]!;
      });
      y += rowH + 2;
    };
    if (y + 3 * rowH > bottom()) {
      doc.addPage();
      y = MARGIN;
    }
    y += 6;
    text(t.heading, MARGIN, y, { font: 'bold', size: 11, width });
    y += 18;
    header();
    t.rows.forEach((row, ri) => {
      if (y + rowH > bottom()) {
        doc.addPage();
        y = MARGIN;
        header();
      }
      let x = MARGIN;
      row.forEach((cell, i) => {
        if (cell !== null && cell !== '') text(String(cell), x + 2, y, { font: t.emphasis?.has(ri) ? 'bold' : 'regular', width: widths[i]! - 4, align: t.columns[i]?.numeric ? 'right' : 'left' });
        x += widths[i]!;
      });
      y += rowH;
      doc.save().moveTo(MARGIN, y - 1).lineTo(MARGIN + width, y - 1).lineWidth(0.3).strokeColor('#cccccc').stroke().restore();
    });
    y += 8;
  }
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    text(r.footer(i + 1, range.count), MARGIN, doc.page.height - MARGIN, { size: 7, width });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
