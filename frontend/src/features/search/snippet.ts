/** A piece of a search snippet: plain text, or a matched word to highlight. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * Splits a snippet in which the server wrapped matched words in « » into parts to render as text and
 * `<mark>` — rendered with text interpolation, so nothing in the snippet is ever interpreted as HTML.
 */
export function splitSnippet(snippet: string | null | undefined): SnippetPart[] {
  if (!snippet) return [];
  const parts: SnippetPart[] = [];
  let rest = snippet;
  while (rest.length) {
    const open = rest.indexOf('«');
    if (open < 0) break;
    const close = rest.indexOf('»', open + 1);
    if (close < 0) break;
    if (open > 0) parts.push({ text: rest.slice(0, open), mark: false });
    const word = rest.slice(open + 1, close);
    if (word) parts.push({ text: word, mark: true });
    rest = rest.slice(close + 1);
  }
  if (rest) parts.push({ text: rest, mark: false });
  return parts;
}
