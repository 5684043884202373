import { describe, expect, it } from 'vitest';
import { berLength } from './ber.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('berLength', () => {
  it('reads definite lengths, short and long form, and ignores what follows', () => {
    expect(berLength(hex('04 03 616263 0000'))).toBe(5);
    expect(berLength(hex(`30 81 80 ${'00'.repeat(128)} 00`))).toBe(131);
    expect(berLength(hex(`30 82 0100 ${'00'.repeat(256)} 0000`))).toBe(260);
  });

  it('walks indefinite lengths to the matching end-of-contents octets, nested, with zero padding after', () => {
    // SEQUENCE(indef) { OID, [0](indef) { SEQUENCE(indef) { INTEGER 1 } } } then a /Contents' zero padding
    const ber = hex('30 80 06 03 2a8648 a0 80 30 80 02 01 01 0000 0000 0000');
    expect(berLength(Buffer.concat([ber, Buffer.alloc(64)]))).toBe(ber.length);
    // a constructed OCTET STRING in chunks, as NSS writes encapsulated content
    expect(berLength(hex('24 80 04 02 0102 04 01 03 0000 0000'))).toBe(11);
  });

  it('reads high tag numbers', () => {
    expect(berLength(hex('5f 81 01 02 aabb 00'))).toBe(6);
  });

  it('answers -1 for what is not one well-formed value, and never throws', () => {
    expect(berLength(hex(''))).toBe(-1);
    expect(berLength(hex('30'))).toBe(-1);
    expect(berLength(hex('30 05 0102'))).toBe(-1); // truncated
    expect(berLength(hex('30 80 02 01 01'))).toBe(-1); // no end-of-contents
    expect(berLength(hex('04 80 0000'))).toBe(-1); // primitive with an indefinite length
    expect(berLength(hex('30 ff 00'))).toBe(-1); // reserved length form
    expect(berLength(hex('30 89 010000000000000000'))).toBe(-1); // absurd length of length
    expect(berLength(Buffer.from('3080'.repeat(50_000), 'hex'))).toBe(-1); // nesting deeper than any CMS
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.alloc(1 + (i % 64));
      for (let k = 0; k < bytes.length; k++) bytes[k] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
      const n = berLength(bytes);
      expect(n === -1 || (n > 0 && n <= bytes.length)).toBe(true);
    }
  });
});
