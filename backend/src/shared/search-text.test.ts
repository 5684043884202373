import { describe, expect, it } from 'vitest';
import { searchInputSql, searchVariants } from './search-text.js';

describe('searchVariants: acronyms in either script', () => {
  it('reads a Latin acronym out in Devanagari letter names', () => {
    expect(searchVariants('QR')).toEqual(['QR', 'क्यूआर']);
    expect(searchVariants('qr code')).toEqual(['qr code', 'क्यूआर code']);
    expect(searchVariants('SDM Bisalpur')).toEqual(['SDM Bisalpur', 'एसडीएम Bisalpur']);
  });

  it('reads Devanagari letter names back as a Latin acronym, nukta and ZWJ aside', () => {
    expect(searchVariants('क्यूआर')).toEqual(['क्यूआर', 'QR']);
    expect(searchVariants('एसडीएम कार्यालय')).toEqual(['एसडीएम कार्यालय', 'SDM कार्यालय']);
    expect(searchVariants('क्यू\u200Dआर')[1]).toBe('QR');
    expect(searchVariants('ज़ेडपी')[1]).toBe('ZP');
  });

  it('leaves ordinary words, single letters and numbers alone', () => {
    for (const q of ['pilibhit', 'पीलीभीत', 'Police', 'e-office', '117', 'ई', 'जी']) expect(searchVariants(q)).toEqual([q, q]);
  });

  it('passes the query only as parameters', () => {
    const input = searchInputSql("x'); drop table receipt; --");
    expect(input.sql).not.toContain('drop');
    expect(input.params).toContain("x'); drop table receipt; --");
  });
});
