import { describe, expect, it } from 'vitest';
import { cleanRichText } from './rich-text.js';

describe('cleanRichText', () => {
  it('keeps formatting, drops scripts, handlers, styles and outside links', () => {
    const r = cleanRichText(
      '<p onclick="x()">Put up <strong>PUC</strong> <script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">click</a> <span style="color:red">now</span></p>',
    );
    expect(r.html).toBe('<p>Put up <strong>PUC</strong> <a>click</a> now</p>');
    expect(r.html).not.toMatch(/script|onerror|onclick|href|style/);
    expect(r.text).toBe('Put up PUC click now');
  });

  it('extracts page and file references and keeps them as data attributes only', () => {
    const file = '0b6f2a3c-9d1e-4b7a-8c2d-1e2f3a4b5c6d';
    const r = cleanRichText(
      `<p>कृपया <a data-page="3" href="http://evil">p. 3/C</a> तथा <a data-file="${file.toUpperCase()}" class="x">PBT/SP/CRIME/1/2026</a> देखें; see p. 3/C again <a data-page="3">p. 3/C</a>, bad <a data-page="3x">p</a> <a data-page="-1">q</a></p>`,
    );
    expect(r.pages).toEqual([3]);
    expect(r.files).toEqual([file]);
    expect(r.html).toContain('<a data-page="3">p. 3/C</a>');
    expect(r.html).toContain(`<a data-file="${file}">PBT/SP/CRIME/1/2026</a>`);
    expect(r.html).not.toMatch(/href|class|data-page="3x"|data-page="-1"/);
  });

  it('gives plain text with one line per paragraph and list item', () => {
    const r = cleanRichText('<p>First &amp; foremost</p><ul><li>one</li><li>two &lt;b&gt;</li></ul><p>last<br>line</p>');
    expect(r.text).toBe('First & foremost\none\ntwo <b>\nlast\nline');
  });
});
