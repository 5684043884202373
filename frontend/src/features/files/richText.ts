/**
 * The HTML of notes and drafts as the server keeps it, shown safely (`displayHtml`), and the small
 * markup the earlier textarea editor used — now only read, so text that editor kept unsaved in a
 * browser becomes HTML for the word-processor editor (noteSchema.ts) instead of being lost:
 *
 *   **bold**  *italic*  __underline__  ~~struck~~
 *   - item            (bulleted list)      1. item   (numbered list)      > quoted text
 *   [p. 12/C]         a correspondence page of this file
 *   [PBT/SP/CRIME/12/2026](file:<uuid>)    another file
 *
 * A blank line starts a new paragraph; a single line break stays a line break. A backslash before a
 * punctuation mark keeps it literal (`\*`).
 */

export const ALLOWED_TAGS = ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a'] as const;
const ALLOWED = new Set<string>(ALLOWED_TAGS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `[p. 12/C]` or in Hindi `[पृ. 12/प]`, spaces and case as typed. */
const PAGE_REF = /\[\s*(?:p|पृ)\.?\s*(\d{1,5})\s*\/\s*(?:c|प)\s*\]/gi;
/** `[label](file:<uuid>)`. */
const FILE_REF = /\[([^\]\n]{1,200})\]\(file:([0-9a-fA-F-]{36})\)/g;

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
  s = s.replace(FILE_REF, (m, label: string, id: string) =>
    UUID.test(id) ? hold(`<a data-file="${id.toLowerCase()}">${escapeHtml(label.trim())}</a>`) : m,
  );
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
    const text =
      kind === 'ul'
        ? raw.replace(BULLET, '')
        : kind === 'ol'
          ? raw.replace(NUMBERED, '')
          : kind === 'blockquote'
            ? raw.replace(QUOTE, '')
            : raw;
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

function parse(html: string): HTMLElement {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return doc.body;
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
