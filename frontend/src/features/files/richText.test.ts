import { describe, expect, it } from 'vitest';
import { displayHtml, markupToHtml } from './richText';

const FILE_ID = '0b7e2c1a-4a1f-4c7e-9a51-2f7f1a3b9c10';

describe('markupToHtml', () => {
  it('makes paragraphs, line breaks and inline formatting', () => {
    expect(markupToHtml('**Put up** for *orders*.\nSee __below__ and ~~not this~~.\n\nSecond para')).toBe(
      '<p><strong>Put up</strong> for <em>orders</em>.<br>See <u>below</u> and <s>not this</s>.</p><p>Second para</p>',
    );
  });

  it('makes lists and quotes from line markers', () => {
    expect(markupToHtml('- one\n- two\n1. first\n2) second\n> quoted\n> more')).toBe(
      '<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol><blockquote><p>quoted<br>more</p></blockquote>',
    );
  });

  it('turns page and file references into the anchors the server accepts', () => {
    expect(markupToHtml(`As at [p. 12/C] and [P.3/c], see [PBT/SP/CRIME/12/2026](file:${FILE_ID}).`)).toBe(
      `<p>As at <a data-page="12">p. 12/C</a> and <a data-page="3">p. 3/C</a>, see <a data-file="${FILE_ID}">PBT/SP/CRIME/12/2026</a>.</p>`,
    );
  });

  it('escapes HTML and keeps backslash-escaped marks literal', () => {
    expect(markupToHtml('<script>alert(1)</script> a < b & "c"')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; a &lt; b &amp; &quot;c&quot;</p>',
    );
    expect(markupToHtml('2 \\* 3 \\*\\* 4 and \\[p. 1/C]')).toBe('<p>2 * 3 ** 4 and [p. 1/C]</p>');
    expect(markupToHtml('   \n\n  ')).toBe('');
  });

  it('does not treat a lone asterisk or an unknown link as formatting', () => {
    expect(markupToHtml('5 * 3 = 15')).toBe('<p>5 * 3 = 15</p>');
    expect(markupToHtml('[x](http://evil.example)')).toBe('<p>[x](http://evil.example)</p>');
  });
});

describe('displayHtml', () => {
  it('keeps allowed tags only and gives references an href', () => {
    const out = displayHtml(
      `<p onclick="x()">Hi <img src=x onerror=alert(1)><a data-page="4" href="javascript:alert(1)">p. 4/C</a> <a data-file="${FILE_ID}">F/1</a> <a href="http://x">out</a><script>bad()</script></p>`,
    );
    expect(out).toBe(
      `<p>Hi <a data-page="4" href="#page-4" class="ref ref-page">p. 4/C</a> <a data-file="${FILE_ID}" href="/files/${FILE_ID}" class="ref ref-file">F/1</a> out</p>`,
    );
  });

  it('reads Hindi page references and shows page references in the reader language', () => {
    expect(markupToHtml('देखें [पृ. 7/प]')).toBe('<p>देखें <a data-page="7">p. 7/C</a></p>');
    expect(displayHtml('<p>देखें <a data-page="7">p. 7/C</a></p>', (n) => `पृ. ${n}/प`)).toBe(
      '<p>देखें <a data-page="7" href="#page-7" class="ref ref-page">पृ. 7/प</a></p>',
    );
  });
});
