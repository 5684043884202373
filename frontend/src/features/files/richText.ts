/**
 * Notes and drafts are written in a plain textarea with a small markup — what an officer can type
 * without a toolbar, and what the toolbar inserts — and sent as the HTML the server accepts:
 *
 *   **bold**  *italic*  __underline__  ~~struck~~
 *   - item            (bulleted list)      1. item   (numbered list)      > quoted text
 *   [p. 12/C]         a correspondence page of this file
 *   [PBT/SP/CRIME/12/2026](file:<uuid>)    another file
 *
 * A blank line starts a new paragraph; a single line break stays a line break. A backslash before a
 * punctuation mark keeps it literal (`\*`). `htmlToMarkup` turns a saved note back into markup for editing.
 */

export const ALLOWED_TAGS = ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a'] as const;
const ALLOWED = new Set<string>(ALLOWED_TAGS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `[p. 12/C]` or in Hindi `[पृ. 12/प]`, spaces and case as typed. */
const PAGE_REF = /\[\s*(?:p|पृ)\.?\s*(\d{1,5})\s*\/\s*(?:c|प)\s*\]/gi;
/** `[label](file:<uuid>)`. */
const FILE_REF = /\[([^\]\n]{1,200})\]\(file:([0-9a-fA-F-]{36})\)/g;

export const pageRefMarkup = (no: number) => `[p. ${no}/C]`;
export const fileRefMarkup = (id: string, fileNumber: string) => `[${fileNumber.replace(/[[\]]/g, '')}](file:${id})`;
export const pageRefLabel = (no: number) => `p. ${no}/C`;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Private-use characters stand in for escaped characters and references while the inline rules run.
const HOLD_OPEN = '\uE000';
const HOLD_CLOSE = '\uE001';

/** One line (or a run of lines joined by <br>) of inline markup → HTML. */
function inline(src: string): string {
  const held: string[] = [];
  const hold = (html: string) => `${HOLD_OPEN}${held.push(html) - 1}${HOLD_CLOSE}`;
  let s = src.replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => hold(escapeHtml(c)));
  s = s.replace(FILE_REF, (m, label: string, id: string) => (UUID.test(id) ? hold(`<a data-file="${id.toLowerCase()}">${escapeHtml(label.trim())}</a>`) : m));
  s = s.replace(PAGE_REF, (_, no: string) => hold(`<a data-page="${Number(no)}">${pageRefLabel(Number(no))}</a>`));
  s = escapeHtml(s);
  s = s.replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, '<strong>$1</strong>');
  s = s.replace(/__(?=\S)([^\n]*?\S)__/g, '<u>$1</u>');
  s = s.replace(/~~(?=\S)([^\n]*?\S)~~/g, '<s>$1</s>');
  s = s.replace(/(^|[^*])\*(?=[^\s*])([^\n*]*?[^\s*])\*(?!\*)/g, '$1<em>$2</em>');
  s = s.replace(new RegExp(`${HOLD_OPEN}(\\d+)${HOLD_CLOSE}`, 'g'), (_, i: string) => held[Number(i)] ?? '');
  return s.replace(/\n/g, '<br>');
}

type Block = { kind: 'p' | 'ul' | 'ol' | 'blockquote'; lines: string[] };

const BULLET = /^\s*[-•]\s+/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+/;
const QUOTE = /^\s*>\s?/;

/** The typed markup → the note's HTML (what `POST /notes` takes). Empty input gives ''. */
export function markupToHtml(src: string): string {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const raw of src.replace(/\r\n?/g, '\n').split('\n')) {
    if (!raw.trim()) {
      current = null;
      continue;
    }
    const kind: Block['kind'] = BULLET.test(raw) ? 'ul' : NUMBERED.test(raw) ? 'ol' : QUOTE.test(raw) ? 'blockquote' : 'p';
    const text = kind === 'ul' ? raw.replace(BULLET, '') : kind === 'ol' ? raw.replace(NUMBERED, '') : kind === 'blockquote' ? raw.replace(QUOTE, '') : raw;
    if (!current || current.kind !== kind) {
      current = { kind, lines: [] };
      blocks.push(current);
    }
    current.lines.push(text.trimEnd());
  }
  return blocks
    .map((b) => {
      if (b.kind === 'ul' || b.kind === 'ol') return `<${b.kind}>${b.lines.map((l) => `<li>${inline(l)}</li>`).join('')}</${b.kind}>`;
      if (b.kind === 'blockquote') return `<blockquote><p>${inline(b.lines.join('\n'))}</p></blockquote>`;
      return `<p>${inline(b.lines.join('\n'))}</p>`;
    })
    .join('');
}

/** Escapes what the markup would otherwise read as formatting. */
function escapeMarkup(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\*/g, '\\*').replace(/\[/g, '\\[').replace(/__/g, '\\_\\_').replace(/~~/g, '\\~\\~');
}

function parse(html: string): HTMLElement {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return doc.body;
}

function nodeMarkup(child: Node): string {
  if (child.nodeType === 3) return escapeMarkup((child.textContent ?? '').replace(/\s*\n\s*/g, ' '));
  if (child.nodeType !== 1) return '';
  const el = child as HTMLElement;
  const tag = el.tagName.toLowerCase();
  const inner = () => inlineMarkup(el);
  if (tag === 'br') return '\n';
  if (tag === 'strong' || tag === 'b') return `**${inner()}**`;
  if (tag === 'em' || tag === 'i') return `*${inner()}*`;
  if (tag === 'u') return `__${inner()}__`;
  if (tag === 's') return `~~${inner()}~~`;
  if (tag === 'a' && el.dataset.page && /^\d+$/.test(el.dataset.page)) return pageRefMarkup(Number(el.dataset.page));
  if (tag === 'a' && el.dataset.file && UUID.test(el.dataset.file)) return fileRefMarkup(el.dataset.file, el.textContent ?? '');
  return inner();
}

function inlineMarkup(node: Node): string {
  return [...node.childNodes].map(nodeMarkup).join('');
}

/** Escapes a line that would otherwise start a list or a quote. */
function guardLineStart(line: string): string {
  return line.replace(/^(\s*)([-•>])(\s)/, '$1\\$2$3').replace(/^(\s*\d{1,3})([.)])(\s)/, '$1\\$2$3');
}

/** A saved note's HTML → markup for the textarea (the inverse of `markupToHtml` for what it produces). */
export function htmlToMarkup(html: string): string {
  const body = parse(html);
  const blocks: string[] = [];
  let loose = '';
  const flushLoose = () => {
    if (loose.trim()) blocks.push(loose.trim().split('\n').map(guardLineStart).join('\n'));
    loose = '';
  };
  body.childNodes.forEach((child) => {
    const el = child.nodeType === 1 ? (child as HTMLElement) : null;
    const tag = el?.tagName.toLowerCase();
    if (el && (tag === 'ul' || tag === 'ol')) {
      flushLoose();
      const items = [...el.children].filter((c) => c.tagName.toLowerCase() === 'li');
      blocks.push(items.map((li, i) => `${tag === 'ul' ? '-' : `${i + 1}.`} ${inlineMarkup(li).replace(/\n/g, ' ')}`).join('\n'));
    } else if (el && tag === 'blockquote') {
      flushLoose();
      const parts = [...el.childNodes].some((c) => c.nodeType === 1 && (c as HTMLElement).tagName.toLowerCase() === 'p')
        ? [...el.children].map((c) => inlineMarkup(c))
        : [inlineMarkup(el)];
      blocks.push(parts.join('\n').split('\n').map((l) => `> ${l}`).join('\n'));
    } else if (el && tag === 'p') {
      flushLoose();
      const text = inlineMarkup(el);
      if (text.trim()) blocks.push(text.split('\n').map(guardLineStart).join('\n'));
    } else {
      loose += nodeMarkup(child);
    }
  });
  flushLoose();
  return blocks.join('\n\n');
}

/**
 * A copy of the HTML with only the allowed tags (anything else keeps its text), references given an
 * href so they are links a keyboard can reach: `#page-12` for pages, `/files/<id>` for files.
 * The server sanitises every note already; this guards what the browser renders all the same.
 */
export function displayHtml(html: string, pageLabel?: (no: number) => string): string {
  const body = parse(html);
  const out = document.createElement('div');
  const copy = (from: Node, to: Node) => {
    from.childNodes.forEach((child) => {
      if (child.nodeType === 3) {
        to.appendChild(document.createTextNode(child.textContent ?? ''));
        return;
      }
      if (child.nodeType !== 1) return;
      const el = child as HTMLElement;
      const tag = el.tagName.toLowerCase();
      if (!ALLOWED.has(tag)) {
        if (tag !== 'script' && tag !== 'style') copy(el, to);
        return;
      }
      const made = document.createElement(tag);
      if (tag === 'a') {
        const page = el.getAttribute('data-page');
        const file = el.getAttribute('data-file');
        if (page && /^\d+$/.test(page)) {
          made.setAttribute('data-page', page);
          made.setAttribute('href', `#page-${page}`);
          made.className = 'ref ref-page';
          // a page reference reads in the reader's language ("p. 12/C", "पृ. 12/प"), whatever was saved
          if (pageLabel) {
            made.textContent = pageLabel(Number(page));
            to.appendChild(made);
            return;
          }
        } else if (file && UUID.test(file)) {
          made.setAttribute('data-file', file);
          made.setAttribute('href', `/files/${file}`);
          made.className = 'ref ref-file';
        } else {
          copy(el, to);
          return;
        }
      }
      copy(el, made);
      to.appendChild(made);
    });
  };
  copy(body, out);
  return out.innerHTML;
}

/** A correspondence page offered by the "insert page reference" picker. */
export interface PageChoice {
  no: number;
  /** What the page is, e.g. the letter's diary number. */
  label: string;
}

export interface Edit {
  text: string;
  selectionStart: number;
  selectionEnd: number;
}

/** Puts `insert` in place of the selection; the cursor ends after it. Adds spaces so a reference never glues to a word. */
export function insertText(text: string, start: number, end: number, insert: string, spaced = false): Edit {
  let piece = insert;
  if (spaced) {
    const before = text.slice(0, start);
    const after = text.slice(end);
    if (before && !/\s$/.test(before)) piece = ` ${piece}`;
    if (after && !/^[\s.,;:)]/.test(after)) piece = `${piece} `;
  }
  const out = text.slice(0, start) + piece + text.slice(end);
  const cursor = start + piece.length;
  return { text: out, selectionStart: cursor, selectionEnd: cursor };
}

/** Wraps the selection in `mark` (e.g. `**`); with nothing selected, inserts the pair and puts the cursor inside. Wrapping again unwraps. */
export function toggleWrap(text: string, start: number, end: number, mark: string): Edit {
  const selected = text.slice(start, end);
  const before = text.slice(0, start);
  const after = text.slice(end);
  if (selected && before.endsWith(mark) && after.startsWith(mark)) {
    return { text: before.slice(0, -mark.length) + selected + after.slice(mark.length), selectionStart: start - mark.length, selectionEnd: end - mark.length };
  }
  if (selected.length > 2 * mark.length && selected.startsWith(mark) && selected.endsWith(mark)) {
    const inner = selected.slice(mark.length, -mark.length);
    return { text: before + inner + after, selectionStart: start, selectionEnd: start + inner.length };
  }
  // keep surrounding spaces of a sloppy selection outside the marks
  const lead = selected.match(/^\s*/)![0];
  const trail = selected.slice(lead.length).match(/\s*$/)![0];
  const core = selected.slice(lead.length, selected.length - trail.length);
  const out = before + lead + mark + core + mark + trail + after;
  const s = start + lead.length + mark.length;
  return { text: out, selectionStart: s, selectionEnd: s + core.length };
}

export type LinePrefix = 'bullet' | 'numbered' | 'quote';

/** Starts every line touched by the selection with a list or quote marker; if all already have it, removes it. */
export function toggleLinePrefix(text: string, start: number, end: number, kind: LinePrefix): Edit {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nextBreak = text.indexOf('\n', end > start && text[end - 1] === '\n' ? end - 1 : end);
  const lineEnd = nextBreak === -1 ? text.length : nextBreak;
  const lines = text.slice(lineStart, lineEnd).split('\n');
  const pattern = kind === 'bullet' ? BULLET : kind === 'numbered' ? NUMBERED : QUOTE;
  const all = lines.every((l) => !l.trim() || pattern.test(l));
  let n = 0;
  const changed = lines.map((l) => {
    if (!l.trim()) return l;
    if (all) return l.replace(pattern, '');
    const bare = l.replace(BULLET, '').replace(NUMBERED, '').replace(QUOTE, '');
    n += 1;
    return `${kind === 'bullet' ? '- ' : kind === 'numbered' ? `${n}. ` : '> '}${bare}`;
  });
  const block = changed.join('\n');
  return { text: text.slice(0, lineStart) + block + text.slice(lineEnd), selectionStart: lineStart, selectionEnd: lineStart + block.length };
}

/** Page numbers referred to in the markup, in order of first mention (what the server will extract). */
export function pageRefsIn(markup: string): number[] {
  const out: number[] = [];
  for (const m of markup.replace(/\\\[/g, '').matchAll(PAGE_REF)) {
    const n = Number(m[1]);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}
