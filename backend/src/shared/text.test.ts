import { describe, expect, it } from 'vitest';
import { dropUnsafe, findUnsafeText, stripInvisible, unsafeTextReason } from './text.js';

describe('text hygiene', () => {
  it('refuses NUL, control characters, C1 controls and lone surrogates; allows tab, newlines, Hindi and emoji', () => {
    expect(unsafeTextReason('a\u0000b')).toBe('controlCharacter');
    expect(unsafeTextReason('bell\u0007')).toBe('controlCharacter');
    expect(unsafeTextReason('esc\u001b[31m')).toBe('controlCharacter');
    expect(unsafeTextReason('del\u007f')).toBe('controlCharacter');
    expect(unsafeTextReason('c1\u0085')).toBe('controlCharacter');
    expect(unsafeTextReason('x\uFFFF')).toBe('controlCharacter');
    expect(unsafeTextReason('x\ud800y')).toBe('brokenText');
    expect(unsafeTextReason('x\udc00')).toBe('brokenText');
    expect(unsafeTextReason('line 1\nline 2\r\n\tindented')).toBeNull();
    expect(unsafeTextReason('थाना कोतवाली 😀 क्‍ष')).toBeNull();
  });

  it('strips bidi controls and zero-width characters', () => {
    expect(stripInvisible('\u202Eevil\u202C.pdf')).toBe('evil.pdf');
    expect(stripInvisible('\u2066iso\u2069 \u200Eltr\u200F')).toBe('iso ltr');
    expect(stripInvisible('ASP/\u200B117/\uFEFF2026\u2060')).toBe('ASP/117/2026');
  });

  it('keeps ZWJ and ZWNJ inside Devanagari (half forms), drops them elsewhere', () => {
    const halfForm = 'क्\u200Dष'; // क्‍ष: explicit half ka
    const noConjunct = 'क्\u200Cष';
    expect(stripInvisible(halfForm)).toBe(halfForm);
    expect(stripInvisible(noConjunct)).toBe(noConjunct);
    expect(stripInvisible('ab\u200Dcd\u200C')).toBe('abcd');
    expect(stripInvisible('\u200Dक')).toBe('क');
  });

  it('finds unsafe text anywhere in a request, keys included, with its path', () => {
    expect(findUnsafeText({ a: 'ok', b: ['x', 'y\u0000'], c: { d: 'z\ud800' }, ['k\u0000']: 1, n: 5, m: null })).toEqual([
      { path: ['b', 1], reason: 'controlCharacter' },
      { path: ['c', 'd'], reason: 'brokenText' },
      { path: ['k\u0000'], reason: 'controlCharacter' },
    ]);
    expect(findUnsafeText('a\u0000')).toEqual([{ path: [], reason: 'controlCharacter' }]);
  });

  it('drops what it refuses, for names taken from elsewhere', () => {
    expect(dropUnsafe('scan\u0000\u0007\ud800.pdf')).toBe('scan.pdf');
  });
});
