import sanitizeHtml from 'sanitize-html';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CleanText {
  /** Safe HTML: the allowed formatting and reference links only. */
  html: string;
  /** Plain text, for search, diffs and canonical bytes. */
  text: string;
  /** Correspondence pages referred to ("p. 12/C"), in order of first mention. */
  pages: number[];
  /** Other files referred to, by id. */
  files: string[];
}

/**
 * Sanitises rich text from the editor (notes and drafts): formatting tags only, no scripts, styles,
 * images or outside links. References are anchors carrying `data-page` (a correspondence page of
 * this file) or `data-file` (another file's id); anything else on an anchor is dropped.
 */
export function cleanRichText(input: string): CleanText {
  const pages: number[] = [];
  const files: string[] = [];
  const html = sanitizeHtml(input, {
    allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a'],
    allowedAttributes: { a: ['data-page', 'data-file'] },
    allowedSchemes: [],
    disallowedTagsMode: 'discard',
    exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs['data-page'] && !frame.attribs['data-file'] && !frame.text.trim(),
    transformTags: {
      a: (tagName, attribs) => {
        const out: Record<string, string> = {};
        const page = Number(attribs['data-page']);
        if (Number.isInteger(page) && page > 0 && /^\d+$/.test(attribs['data-page'] ?? '')) {
          out['data-page'] = String(page);
          if (!pages.includes(page)) pages.push(page);
        } else if (UUID.test(attribs['data-file'] ?? '')) {
          const id = attribs['data-file']!.toLowerCase();
          out['data-file'] = id;
          if (!files.includes(id)) files.push(id);
        }
        return { tagName, attribs: out };
      },
    },
  });
  return { html: html.trim(), text: toPlainText(html), pages, files };
}

/** The text a reader sees: paragraphs and list items on their own lines, entities decoded. */
export function toPlainText(html: string): string {
  const withBreaks = html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|li|blockquote)>/gi, '\n');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text)
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
}

function decodeEntities(s: string): string {
  return s.replace(
    /&(lt|gt|quot|#39|amp|nbsp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&', nbsp: ' ' })[e]!,
  );
}
