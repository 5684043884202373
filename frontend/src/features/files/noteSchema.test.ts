import { describe, expect, it } from 'vitest';
import { asNoteHtml, noteDocToHtml, noteHtmlToDoc, normaliseNoteHtml, pageRefsInHtml } from './noteSchema';
import { markupToHtml } from './richText';

const FILE_ID = '0b7f3c4e-1d2a-4f5b-8c9d-0e1f2a3b4c5d';
const roundTrip = (html: string) => noteDocToHtml(noteHtmlToDoc(html));

describe('stored note HTML → editor document', () => {
  it('reads formatting, lists and both kinds of reference as the schema’s marks and nodes', () => {
    const doc = noteHtmlToDoc(
      `<p>See <strong>report</strong> at <a data-page="3">p. 3/C</a> and <a data-file="${FILE_ID.toUpperCase()}">PBT/SP/CRIME/1/2026</a></p><ol><li>first</li><li><em>second</em></li></ol>`,
    );
    expect(doc.content?.map((n) => n.type)).toEqual(['paragraph', 'orderedList']);
    const para = doc.content![0]!.content!;
    expect(para.find((n) => n.marks?.some((m) => m.type === 'bold'))?.text).toBe('report');
    expect(para.find((n) => n.type === 'pageRef')?.attrs).toEqual({ no: 3 });
    expect(para.find((n) => n.type === 'fileRef')?.attrs).toEqual({ id: FILE_ID, label: 'PBT/SP/CRIME/1/2026' });
    const items = doc.content![1]!.content!;
    expect(items).toHaveLength(2);
    expect(items[1]!.content![0]!.content![0]).toMatchObject({ text: 'second', marks: [{ type: 'italic' }] });
  });

  it('drops what the server drops: scripts, handlers, images, headings become text, outside links lose their href', () => {
    const doc = noteHtmlToDoc(
      '<h1 onclick="x()">Title</h1><p onclick="alert(1)">Hi<script>alert(2)</script><img src="x" onerror="alert(3)"> <a href="javascript:alert(4)">there</a></p><a data-page="abc">p. x/C</a>',
    );
    const html = noteDocToHtml(doc);
    expect(html).toBe('<p>Title</p><p>Hi there</p><p>p. x/C</p>');
    expect(JSON.stringify(doc)).not.toMatch(/script|onclick|onerror|img|href|alert/);
  });
});

describe('editor document → stored HTML', () => {
  it('writes exactly the format the server stores and the notesheet shows', () => {
    const html = noteDocToHtml({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Put up ' },
            { type: 'text', text: 'urgently', marks: [{ type: 'bold' }, { type: 'underline' }] },
            { type: 'text', text: ', see ' },
            { type: 'pageRef', attrs: { no: 12 } },
            { type: 'hardBreak' },
            { type: 'fileRef', attrs: { id: FILE_ID, label: 'PBT/SP/CRIME/1/2026' } },
          ],
        },
        {
          type: 'orderedList',
          content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] }],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two', marks: [{ type: 'strike' }] }] }] },
          ],
        },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted', marks: [{ type: 'italic' }] }] }] },
        { type: 'paragraph' },
      ],
    });
    expect(html).toBe(
      `<p>Put up <strong><u>urgently</u></strong>, see <a data-page="12">p. 12/C</a><br><a data-file="${FILE_ID}">PBT/SP/CRIME/1/2026</a></p>` +
        '<ol><li>one</li></ol><ul><li><s>two</s></li></ul><blockquote><p><em>quoted</em></p></blockquote>',
    );
  });

  it('drops the space left after a reference at the end of a line', () => {
    expect(normaliseNoteHtml('<ol><li><p>see <a data-page="1">p. 1/C</a> </p></li></ol><p>end&nbsp; </p>')).toBe(
      '<ol><li>see <a data-page="1">p. 1/C</a></li></ol><p>end</p>',
    );
  });

  it('an empty editor is an empty note', () => {
    expect(noteDocToHtml({ type: 'doc', content: [{ type: 'paragraph' }, { type: 'paragraph' }] })).toBe('');
    expect(normaliseNoteHtml('<p></p>')).toBe('');
  });

  it('keeps notes written with the markup editor as they were stored', () => {
    for (const markup of [
      '**bold** *it* __u__ ~~s~~\nnext line',
      '- a\n- b\n\n1. one\n2. two',
      '> quoted',
      `see [p. 2/C] and [PBT/SP/1/2026](file:${FILE_ID})`,
    ]) {
      const stored = markupToHtml(markup);
      expect(roundTrip(stored)).toBe(stored);
    }
  });

  it('keeps a list item with two paragraphs or a nested list as the editor has it', () => {
    const html = '<ul><li><p>a</p><p>b</p></li><li><p>c</p><ol><li>d</li></ol></li></ul>';
    expect(roundTrip(html)).toBe(html);
  });
});

describe('asNoteHtml and pageRefsInHtml', () => {
  it('converts text the old markup editor kept in the browser, leaves HTML alone', () => {
    expect(asNoteHtml('see **this** at [p. 4/C]')).toBe('<p>see <strong>this</strong> at <a data-page="4">p. 4/C</a></p>');
    expect(asNoteHtml('<p>already <em>HTML</em></p>')).toBe('<p>already <em>HTML</em></p>');
    expect(asNoteHtml('<3 is not a tag')).toBe('<p>&lt;3 is not a tag</p>');
    expect(asNoteHtml('  ')).toBe('');
  });

  it('lists the pages referred to, once each', () => {
    expect(pageRefsInHtml('<p><a data-page="3">p. 3/C</a> <a data-page="1">p. 1/C</a> <a data-page="3">p. 3/C</a></p>')).toEqual([3, 1]);
  });
});
