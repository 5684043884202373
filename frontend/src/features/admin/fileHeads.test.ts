import { describe, expect, it } from 'vitest';
import { headMatches, normalizeHeadCode, sampleFileNumber } from './fileHeads';

describe('file head codes', () => {
  it('puts what was typed in capitals, trimmed, with spaces as "-"', () => {
    expect(normalizeHeadCode('  crime ')).toBe('CRIME');
    expect(normalizeHeadCode('crime   branch')).toBe('CRIME-BRANCH');
    expect(normalizeHeadCode('Est-2')).toBe('EST-2');
    expect(normalizeHeadCode('')).toBe('');
  });

  it('leaves characters the server refuses for the server to name', () => {
    expect(normalizeHeadCode('crime/1')).toBe('CRIME/1');
    expect(normalizeHeadCode('अपराध')).toBe('अपराध');
  });

  it('shows how the first file under a head is numbered: prefix / code / serial / year', () => {
    expect(sampleFileNumber('PBT/SP', 'crime', 2026)).toBe('PBT/SP/CRIME/1/2026');
    expect(sampleFileNumber('PBT/SP', '  ', 2026)).toBe('PBT/SP/…/1/2026');
  });

  it('matches the search on the code or the name in either language', () => {
    const head = { code: 'CRIME', name: { en: 'Crime branch', hi: 'अपराध शाखा' } };
    expect(headMatches(head, '')).toBe(true);
    expect(headMatches(head, ' cri ')).toBe(true);
    expect(headMatches(head, 'BRANCH')).toBe(true);
    expect(headMatches(head, 'अपराध')).toBe(true);
    expect(headMatches(head, 'establishment')).toBe(false);
  });
});
