import { describe, expect, it } from 'vitest';
import { firstLine } from './list-drafts.js';

describe('firstLine', () => {
  it('is the first line with words, spaces collapsed, cut to a line', () => {
    expect(firstLine('\n  |  \n  OFFICE OF THE   SUPERINTENDENT\nPilibhit')).toBe('OFFICE OF THE SUPERINTENDENT');
    expect(firstLine('कार्यालय पुलिस अधीक्षक\nपीलीभीत')).toBe('कार्यालय पुलिस अधीक्षक');
    expect(firstLine(null)).toBeNull();
    expect(firstLine(' . , \n')).toBeNull();
    expect(firstLine('x'.repeat(200))).toHaveLength(120);
  });
});
