import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import SearchSnippet from './SearchSnippet.vue';
import { splitSnippet } from '../snippet';

describe('search snippet', () => {
  it('splits « » into marked parts', () => {
    expect(splitSnippet('the «theft» at «Kotwali» station')).toEqual([
      { text: 'the ', mark: false },
      { text: 'theft', mark: true },
      { text: ' at ', mark: false },
      { text: 'Kotwali', mark: true },
      { text: ' station', mark: false },
    ]);
    expect(splitSnippet('no match «open')).toEqual([{ text: 'no match «open', mark: false }]);
    expect(splitSnippet(null)).toEqual([]);
  });

  it('renders the matched words as <mark> and escapes everything else', () => {
    const w = mount(SearchSnippet, { props: { snippet: '<img src=x onerror=alert(1)> «चोरी» & <b>«theft»</b>' } });
    const marks = w.findAll('mark');
    expect(marks.map((m) => m.text())).toEqual(['चोरी', 'theft']);
    expect(w.find('img').exists()).toBe(false);
    expect(w.find('b').exists()).toBe(false);
    expect(w.html()).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(w.html()).toContain('&amp;');
    expect(w.text()).toBe('<img src=x onerror=alert(1)> चोरी & <b>theft</b>');
  });
});
