/** Text metrics of the OCR benchmark and tests: character and word error rate after normalisation. */

/** NFC, no zero-width joiners, whitespace collapsed: layout differences are not recognition errors. */
export const normaliseText = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Levenshtein distance over code points (two rows). */
export function levenshtein(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  let cur = new Array<number>(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length]!;
}

/** Character error rate of hypothesis vs reference after normalisation. */
export function cer(hypothesis: string, reference: string): number {
  const ref = normaliseText(reference);
  return levenshtein(normaliseText(hypothesis), ref) / Math.max(1, Array.from(ref).length);
}

/** Word error rate: Levenshtein over whitespace-separated words after normalisation. */
export function wer(hypothesis: string, reference: string): number {
  const words = (s: string) => normaliseText(s).split(' ').filter(Boolean);
  const ref = words(reference);
  const hyp = words(hypothesis);
  // map each distinct word to one code point, then reuse the character distance
  const ids = new Map<string, string>();
  const enc = (ws: string[]) =>
    ws.map((w) => (ids.has(w) ? ids.get(w)! : (ids.set(w, String.fromCodePoint(0x10000 + ids.size)), ids.get(w)!))).join('');
  return levenshtein(enc(hyp), enc(ref)) / Math.max(1, ref.length);
}
