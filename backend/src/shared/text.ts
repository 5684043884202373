/**
 * Text hygiene for everything a client sends.
 *
 * Refused anywhere in a request (body, query, path, JSON keys), by `findUnsafeText`, which the
 * validation layer runs before any schema: NUL and the other C0 control characters except tab,
 * line feed and carriage return; DEL and the C1 controls (U+007F–U+009F); the noncharacters
 * U+FFFE/U+FFFF; and lone UTF-16 surrogates. PostgreSQL cannot store NUL in text, JSON columns
 * (the audit log) refuse lone surrogates, and none of them is ever typed by a person.
 *
 * Stripped from plain text fields — names, subjects, numbers, remarks: the schemas' `text()` —
 * by `stripInvisible`: the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) and marks (U+200E, U+200F, U+061C), which can make "‮fdp.exe" read as
 * "exe.pdf" or a file number read backwards; and the zero-width characters U+200B, U+2060,
 * U+FEFF, U+180E, which make two equal-looking numbers differ. They arrive unseen from
 * copy-and-paste (Word, PDFs, WhatsApp), so they are dropped rather than refused.
 * ZWNJ (U+200C) and ZWJ (U+200D) choose half forms and conjuncts in Devanagari ("क्‍ष" vs "क्ष"),
 * so they are kept right after a Devanagari character and dropped anywhere else.
 */

const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\u2060\uFEFF\u180E]/g;
const JOINERS = /[\u200C\u200D]/g;
const DEVANAGARI = /[\u0900-\u097F\uA8E0-\uA8FF]/;

export type UnsafeTextReason = 'controlCharacter' | 'brokenText';

/** Why a string may not be stored, or null when it may. */
export function unsafeTextReason(s: string): UnsafeTextReason | null {
  if (LONE_SURROGATE.test(s)) return 'brokenText';
  if (REFUSED.test(s)) return 'controlCharacter';
  return null;
}

/** Removes what `unsafeTextReason` refuses (for names taken from elsewhere, such as an upload's file name). */
export function dropUnsafe(s: string): string {
  return s.replace(new RegExp(REFUSED.source, 'g'), '').replace(new RegExp(LONE_SURROGATE.source, 'g'), '');
}

/** Drops bidi controls and zero-width characters; keeps ZWNJ/ZWJ inside Devanagari. */
export function stripInvisible(s: string): string {
  const out = s.replace(INVISIBLE, '');
  if (!out.includes('\u200C') && !out.includes('\u200D')) return out;
  return out.replace(JOINERS, (ch, offset: number, whole: string) => (offset > 0 && DEVANAGARI.test(whole[offset - 1]!) ? ch : ''));
}

export interface UnsafeText {
  path: (string | number)[];
  reason: UnsafeTextReason;
}

/** Every string (and object key) in a parsed request that may not be stored, with where it is. */
export function findUnsafeText(value: unknown, path: (string | number)[] = [], found: UnsafeText[] = []): UnsafeText[] {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    if (reason) found.push({ path, reason });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findUnsafeText(v, [...path, i], found));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const reason = unsafeTextReason(k);
      if (reason) found.push({ path: [...path, k], reason });
      else findUnsafeText(v, [...path, k], found);
    }
  }
  return found;
}
