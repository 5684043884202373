import { toCsvText } from '../../shared/csv.js';
import { PdfDocument, needsLandscape, type Cell, type TableColumn, type TableSpec } from '../../infra/pdf/index.js';

export type { Cell };
export interface ReportTable {
  heading: string;
  /** `kind: 'number'` right-aligns; `keep` never breaks (numbers, dates); text wraps. */
  columns: TableColumn[];
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
  lang: 'hi' | 'en';
}

/** CSV (see shared/csv.ts: BOM, formula-safe cells); tables one after another. */
export function toCsv(r: TabularReport): string {
  const records: Cell[][] = [[r.title], ...r.meta.map((m) => [m])];
  for (const t of r.tables) {
    records.push(
      [],
      [t.heading],
      t.columns.map((c) => c.label),
      ...t.rows,
    );
  }
  return toCsvText(records);
}

/**
 * The report as an A4 PDF (infra/pdf): landscape when its tables are too wide for a portrait page,
 * columns laid out to fit with wrapping cells, numbers and dates never cut, the header row repeated
 * on every page, page numbers in the footer.
 */
export async function toPdf(r: TabularReport): Promise<Buffer> {
  const tables: TableSpec[] = r.tables.map((t) => ({
    heading: t.heading,
    columns: t.columns,
    rows: t.rows,
    ...(t.emphasis ? { emphasis: t.emphasis } : {}),
  }));
  const pdf = new PdfDocument({ title: r.title, lang: r.lang, landscape: needsLandscape(tables, 'A4', 32), margin: 32, footer: r.footer });
  pdf.paragraph(r.title, { font: 'bold', size: 14, after: 4 });
  for (const m of r.meta) pdf.paragraph(m, { size: 9, after: 1 });
  pdf.gap(6);
  for (const t of tables) pdf.table(t);
  return pdf.finish();
}
