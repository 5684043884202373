import PDFDocument from 'pdfkit';
import { pdfFonts, textWidth, type FontName } from './fonts.js';
import { wrapText } from './wrap.js';
import { CELL_PAD_X, CELL_PAD_Y, comfortableWidth, planTable, type Cell, type TableSpec } from './table.js';

export type PageSize = 'A4' | 'A5';

export interface PdfOptions {
  title: string;
  author?: string;
  subject?: string;
  /** The document's language (the PDF's /Lang). */
  lang: 'hi' | 'en';
  size?: PageSize;
  landscape?: boolean;
  /** Page margin on every side, in points (default 40). */
  margin?: number;
  /** The line at the foot of every page, given its number and the page count ("Page 2 of 5"). */
  footer?: (page: number, pages: number) => string;
}

export interface TextOptions {
  font?: FontName;
  size?: number;
  align?: 'left' | 'center' | 'right';
  color?: string;
}

const PAGE_POINTS: Record<PageSize, [number, number]> = { A4: [595.28, 841.89], A5: [419.53, 595.28] };
const FOOTER_SPACE = 16;

/**
 * Shaping a word of Devanagari (fontkit's GSUB/GPOS lookups) is most of the cost of a document, and
 * pdfkit caches shaped words only per document. The fonts are parsed once per process (`pdfFonts`),
 * so the shaped words (glyph ids and positions of the same font, never changed once made) are shared
 * by every document instead: a pass or register shapes its labels once per process, not once per copy.
 * Bounded: the cache starts afresh past 50,000 words.
 */
const layoutCaches = new WeakMap<object, { words: Record<string, unknown>; size: number }>();
const LAYOUT_CACHE_WORDS = 50_000;
function shareLayoutCache(doc: PDFKit.PDFDocument, name: string, font: object): void {
  const embedded = (doc.font(name) as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
  if (!embedded?.layoutCache) return;
  let shared = layoutCaches.get(font);
  if (!shared || shared.size > LAYOUT_CACHE_WORDS) {
    shared = { words: Object.create(null) as Record<string, unknown>, size: 0 };
    layoutCaches.set(font, shared);
  }
  const cache = shared;
  embedded.layoutCache = new Proxy(cache.words, {
    set(target, key, value) {
      if (!(key in target)) cache.size++;
      return Reflect.set(target, key, value);
    },
  });
}

/** The height of one printed line of Noto Sans Devanagari at `size` (its ascender to descender, plus a point). */
export function lineHeight(size: number): number {
  const f = pdfFonts().regular;
  return ((f.ascent - f.descent + f.lineGap) / f.unitsPerEm) * size + 1;
}

/** Available width of a page (between the margins) for a size and orientation. */
export function contentWidth(size: PageSize, landscape: boolean, margin = 40): number {
  const [w, h] = PAGE_POINTS[size];
  return (landscape ? h : w) - 2 * margin;
}

/**
 * Whether tables this wide are better printed across the page: when they cannot all be
 * comfortable (every column readable, numbers and dates whole) on a portrait page.
 */
export function needsLandscape(tables: readonly TableSpec[], size: PageSize = 'A4', margin = 40): boolean {
  const portrait = contentWidth(size, false, margin);
  return tables.some((t) => comfortableWidth(t) > portrait);
}

/**
 * The PDF adapter every printed document is written with (letters, registers, notesheets, covers,
 * reports): pdfkit with Noto Sans Devanagari, so Hindi is shaped correctly.
 *
 * Every printed line is one marked-content span carrying its text as /ActualText: copying or
 * searching the PDF gives the words as typed (shaped Devanagari glyph order differs from the
 * text's, and without it copy/search is scrambled). Lines are wrapped by measured width, so each
 * printed line is one span; tables lay out their columns to fit (`planTable`), wrap their cells and
 * repeat their header row on every page.
 */
export class PdfDocument {
  readonly doc: PDFKit.PDFDocument;
  readonly margin: number;
  /** The cursor: where the next line goes. */
  y: number;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<void>;
  private readonly footer: PdfOptions['footer'];
  private pageHooks: Array<() => void> = [];
  /** The ActualText of the span being written (see `span`). */
  private actual: string | null = null;

  constructor(o: PdfOptions) {
    this.margin = o.margin ?? 40;
    this.doc = new PDFDocument({
      size: o.size ?? 'A4',
      layout: o.landscape ? 'landscape' : 'portrait',
      margins: { top: this.margin, bottom: this.margin, left: this.margin, right: this.margin },
      bufferPages: true,
      info: { Title: o.title, Author: o.author ?? 'Patravali', Subject: o.subject ?? o.title, Creator: 'Patravali', Producer: 'Patravali' },
      lang: o.lang === 'hi' ? 'hi-IN' : 'en-IN',
      tagged: false,
      // no default font: pdfkit would parse Helvetica's metrics for every document, and we draw only with ours
      font: '',
    });
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise<void>((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    const f = pdfFonts();
    this.doc.registerFont('regular', f.regular as never);
    this.doc.registerFont('bold', f.bold as never);
    shareLayoutCache(this.doc, 'bold', f.bold);
    shareLayoutCache(this.doc, 'regular', f.regular);
    this.footer = o.footer;
    this.y = this.margin;
    // The span's marked content must sit inside the q … Q pdfkit wraps each text fragment in: poppler
    // applies the graphics state at EMC to the span's glyph boxes, and outside pdfkit's flipped text
    // matrix it lays spans out sideways (`pdftotext -layout` prints tables transposed). So the
    // BDC/EMC pair is written around pdfkit's own BT … ET.
    const addContent = this.doc.addContent.bind(this.doc);
    this.doc.addContent = (data: string) => {
      if (this.actual !== null && data === 'BT') addContent(`/Span <</ActualText ${pdfTextString(this.actual)}>> BDC`);
      addContent(data);
      if (this.actual !== null && data === 'ET') addContent('EMC');
      return this.doc;
    };
  }

  get left(): number {
    return this.margin;
  }
  get width(): number {
    return this.doc.page.width - 2 * this.margin;
  }
  get top(): number {
    return this.margin;
  }
  /** The lowest a line may reach on this page (the footer sits below). */
  get bottom(): number {
    return this.doc.page.height - this.margin - (this.footer ? FOOTER_SPACE : 0);
  }

  /** Runs `hook` at the top of every page after the first (a running header). */
  onNewPage(hook: () => void): void {
    this.pageHooks.push(hook);
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.top;
    for (const hook of this.pageHooks) hook();
  }

  /** Starts a new page unless `height` more points fit on this one; true when it did. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }

  /** One line of text at (x, y), as one marked-content span with its ActualText; never wrapped. */
  span(text: string, x: number, y: number, o: TextOptions & { width?: number } = {}): void {
    if (!text) return;
    const doc = this.doc;
    doc
      .font(o.font ?? 'regular')
      .fontSize(o.size ?? 10)
      .fillColor(o.color ?? '#000000');
    this.actual = text;
    // aligned here with the same measure pdfkit would take (`textWidth`, cached per word): given a width, pdfkit
    // runs its line wrapper over every span, measuring each word again — a tenth of rendering a pass
    const align = o.width === undefined ? 'left' : (o.align ?? 'left');
    const dx = align === 'left' ? 0 : (o.width! - this.measure(text, o)) / (align === 'center' ? 2 : 1);
    try {
      doc.text(text, x + dx, y, { lineBreak: false });
    } finally {
      this.actual = null;
    }
    if (o.color) doc.fillColor('#000000');
  }

  /** `text` wrapped to `width` (default: the page's), as printed lines. */
  wrap(text: string, width = this.width, o: TextOptions = {}): string[] {
    return wrapText(text, width, o.font ?? 'regular', o.size ?? 10);
  }

  /** The printed width of `text` (one line). */
  measure(text: string, o: TextOptions = {}): number {
    return textWidth(text, o.font ?? 'regular', o.size ?? 10);
  }

  /**
   * Wrapped text at the cursor, line by line (breaking pages as needed); `indent` shifts it right.
   * `fit`: a single line (a diary or file number) is set smaller, down to 7 pt, rather than broken.
   */
  paragraph(text: string, o: TextOptions & { indent?: number; width?: number; after?: number; fit?: boolean } = {}): void {
    const indent = o.indent ?? 0;
    const width = o.width ?? this.width - indent;
    let size = o.size ?? 10;
    if (o.fit) while (size > 7 && textWidth(text, o.font ?? 'regular', size) > width) size -= 0.5;
    const h = lineHeight(size);
    for (const line of this.wrap(text, width, { ...o, size })) {
      this.ensure(h);
      this.span(line, this.left + indent, this.y, { ...o, width, size });
      this.y += h;
    }
    this.y += o.after ?? 2;
  }

  /** Moves the cursor down. */
  gap(points: number): void {
    this.y += points;
  }

  /** A horizontal rule across the page at the cursor. */
  rule(o: { weight?: number; color?: string; after?: number } = {}): void {
    this.doc
      .save()
      .moveTo(this.left, this.y)
      .lineTo(this.left + this.width, this.y)
      .lineWidth(o.weight ?? 0.8)
      .strokeColor(o.color ?? '#000000')
      .stroke()
      .restore();
    this.y += o.after ?? 6;
  }

  /** The office's name in Hindi and English, centred, over a rule: the head of every office document. */
  letterhead(office: { nameHi: string; nameEn: string }, o: { size?: number } = {}): void {
    const size = o.size ?? 14;
    this.paragraph(office.nameHi, { font: 'bold', size, align: 'center', after: 0 });
    this.paragraph(office.nameEn, { font: 'bold', size: size - 2, align: 'center', after: 4 });
    this.rule({ after: 8 });
  }

  /** A document title, centred and bold. */
  title(text: string, o: { size?: number; after?: number } = {}): void {
    this.paragraph(text, { font: 'bold', size: o.size ?? 13, align: 'center', after: o.after ?? 6 });
  }

  /**
   * Label–value pairs in two columns (labels bold on the left), values wrapped in theirs. Pairs
   * with a null value are left out.
   */
  fields(pairs: ReadonlyArray<readonly [string, string | null]>, o: { size?: number; labelWidth?: number; after?: number } = {}): void {
    const size = o.size ?? 10;
    const h = lineHeight(size);
    const shown = pairs.filter((p): p is readonly [string, string] => p[1] !== null);
    const labelWidth = o.labelWidth ?? Math.min(this.width * 0.38, Math.max(...shown.map(([l]) => textWidth(l, 'bold', size))) + 12);
    const valueWidth = this.width - labelWidth;
    for (const [label, value] of shown) {
      const labels = wrapText(label, labelWidth - 8, 'bold', size);
      const values = value ? wrapText(value, valueWidth, 'regular', size) : [''];
      const n = Math.max(labels.length, values.length);
      if (n * h <= this.bottom - this.top) this.ensure(n * h);
      for (let i = 0; i < n; i++) {
        this.ensure(h);
        if (labels[i]) this.span(labels[i]!, this.left, this.y, { font: 'bold', size });
        if (values[i]) this.span(values[i]!, this.left + labelWidth, this.y, { size });
        this.y += h;
      }
      this.y += 2;
    }
    this.y += o.after ?? 4;
  }

  /**
   * A table at the cursor: columns laid out to fit the page (`planTable`), cells wrapped, `keep`
   * cells (numbers, dates) whole, the header row repeated at the top of every page the table runs
   * onto; a row taller than a page continues on the next.
   */
  table(spec: TableSpec): void {
    const plan = planTable(spec, this.width);
    const { widths, size } = plan;
    const h = lineHeight(size);
    const doc = this.doc;
    const headerLines = spec.columns.map((c, i) => wrapText(c.label, widths[i]! - 2 * CELL_PAD_X, 'bold', size));
    const headerH = Math.max(...headerLines.map((l) => l.length)) * h + 2 * CELL_PAD_Y;
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const align = (i: number) => (spec.columns[i]!.kind === 'number' ? 'right' : 'left');

    const grid = (top: number, height: number) => {
      doc.save().lineWidth(0.4).strokeColor('#9a9a9a');
      doc.rect(this.left, top, this.width, height).stroke();
      for (const x of xs.slice(1))
        doc
          .moveTo(x, top)
          .lineTo(x, top + height)
          .stroke();
      doc.restore();
    };
    const header = () => {
      doc.save().rect(this.left, this.y, this.width, headerH).fill('#e6e6e6').restore();
      headerLines.forEach((lines, i) =>
        lines.forEach((l, k) =>
          this.span(l, xs[i]! + CELL_PAD_X, this.y + CELL_PAD_Y + k * h, {
            font: 'bold',
            size,
            width: widths[i]! - 2 * CELL_PAD_X,
            align: align(i),
          }),
        ),
      );
      grid(this.y, headerH);
      this.y += headerH;
    };

    if (spec.heading) {
      this.ensure(lineHeight(size + 3) + headerH + h + 2 * CELL_PAD_Y + 4);
      this.paragraph(spec.heading, { font: 'bold', size: size + 3, after: 3 });
    }
    this.ensure(headerH + h + 2 * CELL_PAD_Y);
    header();
    const fresh = this.bottom - this.top - headerH;
    spec.rows.forEach((row, r) => {
      const font: FontName = spec.emphasis?.has(r) ? 'bold' : 'regular';
      const cells = spec.columns.map((_, i) => wrapText(str(row[i] ?? null), widths[i]! - 2 * CELL_PAD_X, font, size));
      const lines = Math.max(1, ...cells.map((c) => c.length));
      const rowH = lines * h + 2 * CELL_PAD_Y;
      let from = 0;
      while (from < lines) {
        const room = Math.floor((this.bottom - this.y - 2 * CELL_PAD_Y) / h);
        // a row that fits on a page is never split; a taller one fills each page it runs onto
        if (room < 1 || (from === 0 && room < lines && rowH <= fresh)) {
          this.newPage();
          header();
          continue;
        }
        const n = Math.min(room, lines - from);
        cells.forEach((c, i) =>
          c.slice(from, from + n).forEach((l, k) =>
            this.span(l, xs[i]! + CELL_PAD_X, this.y + CELL_PAD_Y + k * h, {
              font,
              size,
              width: widths[i]! - 2 * CELL_PAD_X,
              align: align(i),
            }),
          ),
        );
        grid(this.y, n * h + 2 * CELL_PAD_Y);
        this.y += n * h + 2 * CELL_PAD_Y;
        from += n;
      }
    });
    this.y += 8;
  }

  /** Writes the footers and ends the document. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    if (this.footer) {
      for (let i = 0; i < range.count; i++) {
        this.doc.switchToPage(range.start + i);
        const saved = this.doc.page.margins.bottom;
        this.doc.page.margins.bottom = 0; // writing below the bottom margin must not add a page
        this.span(this.footer(i + 1, range.count), this.left, this.doc.page.height - this.margin - 9, {
          size: 7,
          width: this.width,
          align: 'center',
          color: '#444444',
        });
        this.doc.page.margins.bottom = saved;
      }
    }
    this.doc.end();
    await this.done;
    return Buffer.concat(this.chunks);
  }
}

const str = (c: Cell) => (c === null ? '' : String(c));

/** A PDF text string in UTF-16BE with its byte-order mark, as hex (any text, no escaping needed). */
function pdfTextString(text: string): string {
  const bytes = Buffer.from(text, 'utf16le').swap16();
  return `<FEFF${bytes.toString('hex').toUpperCase()}>`;
}
