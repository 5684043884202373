import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null;

// = + - @ start a formula in Excel, LibreOffice and Google Sheets; tab and CR are read as separators and let one follow
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet shows as text, never runs: text starting with `=`, `+`, `-`, `@`, tab or CR
 * gets a leading apostrophe (OWASP "CSV injection"), so a subject `=HYPERLINK(…)` stays a subject.
 * Numbers are written as numbers (a negative count is not a formula).
 */
export function csvSafe(cell: CsvCell): string | number {
  if (cell === null) return '';
  if (typeof cell === 'number') return cell;
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** CSV, UTF-8 with a byte-order mark so spreadsheet programs read Hindi right; every cell through `csvSafe`. Every export uses this. */
export function toCsvText(records: CsvCell[][]): string {
  return `\uFEFF${stringify(records.map((row) => row.map(csvSafe)))}`;
}
