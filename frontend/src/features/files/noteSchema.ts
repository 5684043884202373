/**
 * The schema of the note and draft editor (Tiptap): exactly what the server's sanitiser keeps
 * (backend/src/modules/files/rich-text.ts: p, br, strong, em, u, s, ul, ol, li, blockquote, and
 * anchors that carry `data-page` or `data-file`) — no headings, code, rules, images or outside links,
 * so nothing the officer sees in the editor is lost on saving, and nothing pasted survives that the
 * server would not keep.
 *
 * References are inline atoms shown as chips and stored as they always were:
 *   a correspondence page:  <a data-page="12">p. 12/C</a>
 *   another file:           <a data-file="<uuid>">PBT/SP/CRIME/12/2026</a>
 */
import {
  Node,
  generateHTML,
  generateJSON,
  mergeAttributes,
  nodeInputRule,
  nodePasteRule,
  type Extensions,
  type JSONContent,
} from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { markupToHtml, pageRefLabel } from './richText';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function chip(kind: 'page' | 'file', text: string, title?: string): HTMLElement {
  const dom = document.createElement('span');
  dom.className = `ref-chip ref-chip-${kind}`;
  dom.contentEditable = 'false';
  dom.textContent = text;
  if (title) dom.title = title;
  return dom;
}

/** "p. 12/C" — a page of this file's correspondence. */
export const PageRef = Node.create({
  name: 'pageRef',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,
  addAttributes() {
    return {
      no: {
        default: null,
        parseHTML: (el) => {
          const v = el.getAttribute('data-page') ?? '';
          return /^\d{1,5}$/.test(v) && Number(v) > 0 ? Number(v) : null;
        },
        renderHTML: (attrs) => ({ 'data-page': String(attrs.no) }),
      },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'a[data-page]',
        getAttrs: (el) => (/^\d{1,5}$/.test(el.getAttribute('data-page') ?? '') && Number(el.getAttribute('data-page')) > 0 ? null : false),
      },
    ];
  },
  renderHTML({ node, HTMLAttributes }) {
    return ['a', mergeAttributes(HTMLAttributes), pageRefLabel(node.attrs.no as number)];
  },
  renderText({ node }) {
    return pageRefLabel(node.attrs.no as number);
  },
  addNodeView() {
    return ({ node }) => ({ dom: chip('page', pageRefLabel(node.attrs.no as number)) });
  },
  addInputRules() {
    // typing "[p. 12/C]" (as the old editor taught) makes the chip
    return [
      nodeInputRule({ find: /\[\s*p\.?\s*(\d{1,5})\s*\/\s*c\s*\]$/i, type: this.type, getAttributes: (m) => ({ no: Number(m[1]) }) }),
    ];
  },
  addPasteRules() {
    return [
      nodePasteRule({ find: /\[\s*p\.?\s*(\d{1,5})\s*\/\s*c\s*\]/gi, type: this.type, getAttributes: (m) => ({ no: Number(m[1]) }) }),
    ];
  },
});

/** Another file, by id, shown by its file number. */
export const FileRef = Node.create({
  name: 'fileRef',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,
  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el) => (el.getAttribute('data-file') ?? '').toLowerCase(),
        renderHTML: (attrs) => ({ 'data-file': attrs.id as string }),
      },
      label: {
        default: '',
        parseHTML: (el) => (el.textContent ?? '').trim(),
        // the label is the anchor's text, not an attribute
        renderHTML: () => ({}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'a[data-file]', getAttrs: (el) => (UUID.test(el.getAttribute('data-file') ?? '') ? null : false) }];
  },
  renderHTML({ node, HTMLAttributes }) {
    return ['a', mergeAttributes(HTMLAttributes), (node.attrs.label as string) || (node.attrs.id as string)];
  },
  renderText({ node }) {
    return (node.attrs.label as string) || '';
  },
  addNodeView() {
    return ({ node }) => ({ dom: chip('file', (node.attrs.label as string) || (node.attrs.id as string)) });
  },
});

/** The editor's extensions: StarterKit cut down to what the server keeps, plus the two references. */
export function noteExtensions(): Extensions {
  return [
    StarterKit.configure({
      heading: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      link: false,
      // the stored HTML has no place for an empty trailing paragraph
      trailingNode: false,
    }),
    PageRef,
    FileRef,
  ];
}

const extensions = noteExtensions();

function isEmptyParagraph(el: Element): boolean {
  return el.tagName === 'P' && !el.textContent?.trim() && !el.querySelector('a,br');
}

/**
 * The editor's HTML → what is stored: a list item holding one paragraph is written `<li>text</li>`
 * (as notes always were, so their plain text and print stay the same), spaces ending a line and
 * empty paragraphs at either end are dropped, and an empty note is ''.
 */
export function normaliseNoteHtml(html: string): string {
  const body = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
  body.querySelectorAll('li').forEach((li) => {
    const only = li.childNodes.length === 1 ? li.firstElementChild : null;
    if (only?.tagName === 'P') li.replaceChildren(...only.childNodes);
  });
  // the space typed or put after a reference at the end of a line is not part of the note
  body.querySelectorAll('p, li').forEach((block) => {
    const last = block.lastChild;
    if (last?.nodeType === 3) last.textContent = (last.textContent ?? '').replace(/[ \u00a0]+$/, '');
  });
  while (body.firstElementChild && isEmptyParagraph(body.firstElementChild)) body.firstElementChild.remove();
  while (body.lastElementChild && isEmptyParagraph(body.lastElementChild)) body.lastElementChild.remove();
  if (!body.textContent?.trim() && !body.querySelector('a')) return '';
  return body.innerHTML;
}

/** Stored HTML (or text kept in this browser by the old markup editor) → the editor's document. */
export function noteHtmlToDoc(stored: string): JSONContent {
  return generateJSON(asNoteHtml(stored) || '<p></p>', extensions);
}

/** The editor's document → the HTML to store. */
export function noteDocToHtml(doc: JSONContent): string {
  return normaliseNoteHtml(generateHTML(doc, extensions));
}

/**
 * What a note field holds as HTML: the editor's value is HTML already; text kept in this browser by
 * the earlier markup editor (`**bold**`, `[p. 3/C]`) is converted, so an unsaved note survives the change.
 */
export function asNoteHtml(value: string): string {
  const v = value.trim();
  if (!v) return '';
  // the markup editor escaped "<", so its text never starts with a tag
  return /^<[a-z][a-z0-9]*[\s/>]/i.test(v) ? v : markupToHtml(value);
}

/** Page numbers referred to in stored HTML, in order of first mention (what the server will extract). */
export function pageRefsInHtml(html: string): number[] {
  const out: number[] = [];
  for (const m of html.matchAll(/<a[^>]*\bdata-page="(\d{1,5})"/g)) {
    const n = Number(m[1]);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}
