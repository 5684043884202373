import { textWidth } from './fonts.js';
import { widestLine, widestWord } from './wrap.js';

export type Cell = string | number | null;

export interface TableColumn {
  label: string;
  /**
   * `text` (default) wraps at spaces; `keep` is never broken — diary, file and issue numbers,
   * dates, times: the column is made as wide as its longest entry; `number` is `keep`, right-aligned.
   */
  kind?: 'text' | 'keep' | 'number';
  /** The share of spare width a `text` column takes (default 1): subjects more than names. */
  weight?: number;
}

export interface TableSpec {
  /** A heading printed above the table (once). */
  heading?: string;
  columns: TableColumn[];
  rows: Cell[][];
  /** Rows printed bold (subtotals, totals). */
  emphasis?: ReadonlySet<number>;
  /** Font size of the cells (default 8; made smaller, down to 6, when the columns do not fit otherwise). */
  size?: number;
}

/** Horizontal padding inside a cell, each side (points). */
export const CELL_PAD_X = 3;
/** Vertical padding inside a cell, top and bottom (points). */
export const CELL_PAD_Y = 2;
/** A `text` column gets at least this many times the font size, when its content is wider. */
const MIN_TEXT_EMS = 6;
/** Words up to this many times the font size keep a `text` column from breaking them (dates, short codes). */
const UNBROKEN_WORD_EMS = 14;
/** A `text` column is comfortable from this many times the font size (or its content's width, if less). */
const COMFORTABLE_EMS = 18;
/** Rows measured for widths: enough for any register page run, bounded for a 10,000-row export. */
const MEASURED_ROWS = 2000;

export interface TablePlan {
  /** Column widths in points, summing to the width given. */
  widths: number[];
  size: number;
  /** Whether every `keep` column and every `text` column's minimum fit (false: some `keep` cells will break). */
  fits: boolean;
}

interface Needs {
  min: number;
  natural: number;
  comfortable: number;
  keep: boolean;
  weight: number;
}

const str = (c: Cell) => (c === null ? '' : String(c));

function columnNeeds(spec: TableSpec, size: number): Needs[] {
  const rows = spec.rows.slice(0, MEASURED_ROWS);
  return spec.columns.map((col, i) => {
    const pad = 2 * CELL_PAD_X;
    const header = widestWord(col.label, 'bold', size);
    const keep = col.kind === 'keep' || col.kind === 'number';
    let widest = 0;
    let word = 0;
    rows.forEach((row, r) => {
      const text = str(row[i] ?? null);
      if (!text) return;
      const font = spec.emphasis?.has(r) ? 'bold' : 'regular';
      widest = Math.max(widest, widestLine(text, font, size));
      if (!keep) word = Math.max(word, widestWord(text, font, size));
    });
    if (keep) {
      const w = Math.max(header, widest) + pad;
      return { min: w, natural: w, comfortable: w, keep, weight: 0 };
    }
    const min = Math.max(header, Math.min(word, UNBROKEN_WORD_EMS * size), Math.min(widest, MIN_TEXT_EMS * size)) + pad;
    const natural = Math.max(min, Math.max(widest, textWidth(col.label, 'bold', size)) + pad);
    return { min, natural, comfortable: Math.min(natural, Math.max(min, COMFORTABLE_EMS * size)), keep, weight: col.weight ?? 1 };
  });
}

/** The width the table needs to be comfortable at `size` (every `text` column at its comfortable width). */
export function comfortableWidth(spec: TableSpec, size = spec.size ?? 8): number {
  return columnNeeds(spec, size).reduce((sum, n) => sum + n.comfortable, 0);
}

/**
 * Column widths for a table `width` points wide: `keep` columns as wide as their longest entry (or
 * header word), `text` columns from their minimum up to their natural width by weight, the rest of
 * the width shared by weight. Tries smaller type (down to 6 pt) before letting `keep` cells break.
 */
export function planTable(spec: TableSpec, width: number): TablePlan {
  const start = spec.size ?? 8;
  const sizes = [start, ...[7, 6.5, 6].filter((s) => s < start)];
  for (const size of sizes) {
    const needs = columnNeeds(spec, size);
    const total = needs.reduce((sum, n) => sum + n.min, 0);
    if (total <= width) return { widths: distribute(needs, width), size, fits: true };
  }
  // nothing fits: scale the minimums down to the width (cells wrap or break within them)
  const size = sizes.at(-1)!;
  const needs = columnNeeds(spec, size);
  const total = needs.reduce((sum, n) => sum + n.min, 0);
  return { widths: needs.map((n) => (n.min / total) * width), size, fits: false };
}

/** Water-fills the spare width into `text` columns by weight, none beyond its natural width; any left over goes to all text columns by weight. */
function distribute(needs: Needs[], width: number): number[] {
  const widths = needs.map((n) => n.min);
  let spare = width - widths.reduce((a, b) => a + b, 0);
  const growing = new Set(needs.flatMap((n, i) => (!n.keep && n.natural > n.min ? [i] : [])));
  while (spare > 0.01 && growing.size) {
    const weights = [...growing].reduce((sum, i) => sum + needs[i]!.weight, 0);
    let used = 0;
    for (const i of [...growing]) {
      const share = (spare * needs[i]!.weight) / weights;
      const room = needs[i]!.natural - widths[i]!;
      const add = Math.min(share, room);
      widths[i]! += add;
      used += add;
      if (room <= share) growing.delete(i);
    }
    spare -= used;
    if (used < 0.01) break;
  }
  if (spare > 0.01) {
    const text = needs.flatMap((n, i) => (n.keep ? [] : [i]));
    const targets = text.length ? text : needs.map((_, i) => i);
    const weights = targets.reduce((sum, i) => sum + (needs[i]!.weight || 1), 0);
    for (const i of targets) widths[i]! += (spare * (needs[i]!.weight || 1)) / weights;
  }
  return widths;
}
