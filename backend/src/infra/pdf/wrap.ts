import { textWidth, type FontName } from './fonts.js';

const EPSILON = 0.01;
const graphemes = new Intl.Segmenter('hi', { granularity: 'grapheme' });

/**
 * Breaks one word that is wider than `width` into pieces that fit: after a separator (`/`, `-`, `_`,
 * `.`, `,`) where one fits — so "PBT/SP/2026/000117" breaks as "PBT/SP/2026/" + "000117" — else
 * between grapheme clusters (never inside a Devanagari conjunct or before its matra).
 */
function breakWord(word: string, width: number, font: FontName, size: number): string[] {
  const clusters = [...graphemes.segment(word)].map((s) => s.segment);
  const out: string[] = [];
  let start = 0;
  while (start < clusters.length) {
    let end = start + 1;
    let lastSeparator = -1;
    while (end <= clusters.length && textWidth(clusters.slice(start, end).join(''), font, size) <= width + EPSILON) {
      if (/^[/\-_.,]$/.test(clusters[end - 1]!)) lastSeparator = end;
      end++;
    }
    // `end - 1` clusters fit (at least one is always taken, even if it alone is too wide)
    let cut = Math.max(start + 1, end - 1);
    if (cut < clusters.length && lastSeparator > start) cut = lastSeparator;
    out.push(clusters.slice(start, cut).join(''));
    start = cut;
  }
  return out;
}

/**
 * Greedy word wrap by measured width: the lines of `text` as printed in a column `width` points
 * wide. Newlines start new lines; runs of spaces collapse; a word too wide for the column is broken
 * (`breakWord`). An empty text gives no lines.
 */
export function wrapText(text: string, columnWidth: number, font: FontName, size: number): string[] {
  const width = columnWidth + EPSILON; // a word measured to exactly the column's width fits
  const space = textWidth(' ', font, size);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    const words = para.split(/\s+/).filter(Boolean);
    if (!words.length) {
      if (out.length) out.push('');
      continue;
    }
    let current = '';
    let used = 0;
    for (const word of words) {
      const w = textWidth(word, font, size);
      if (current && used + space + w <= width) {
        current += ` ${word}`;
        used += space + w;
        continue;
      }
      if (current) out.push(current);
      if (w <= width) {
        current = word;
        used = w;
      } else {
        const pieces = breakWord(word, width, font, size);
        out.push(...pieces.slice(0, -1));
        current = pieces.at(-1)!;
        used = textWidth(current, font, size);
      }
    }
    out.push(current);
  }
  while (out.length && out.at(-1) === '') out.pop();
  return out;
}

/** The width of the widest word of `text` (what a wrapping column needs at least to keep words whole). */
export function widestWord(text: string, font: FontName, size: number): number {
  let max = 0;
  for (const word of text.split(/\s+/)) if (word) max = Math.max(max, textWidth(word, font, size));
  return max;
}

/** The width of the widest line of `text` as written (its lines unbroken). */
export function widestLine(text: string, font: FontName, size: number): number {
  let max = 0;
  for (const line of text.split('\n')) max = Math.max(max, textWidth(line.replace(/\s+/g, ' ').trim(), font, size));
  return max;
}
