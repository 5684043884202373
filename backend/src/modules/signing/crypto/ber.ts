/**
 * Length of one BER-encoded value, for trimming a PDF signature's zero-padded /Contents.
 * NSS-based signers (poppler, LibreOffice, Firefox) write CMS with indefinite lengths
 * (`30 80 … 00 00`), so the end is found by walking to the matching end-of-contents octets.
 */

/** Nesting deeper than this is not a CMS anyone wrote; it guards the walker's stack. */
const MAX_DEPTH = 100;

/**
 * Total encoded length (header + contents) of the BER value starting at `offset`, or -1 when the
 * bytes are not a well-formed value (truncated, bad length, primitive with indefinite length…).
 */
export function berLength(buf: Uint8Array, offset = 0): number {
  const end = walk(buf, offset, 0);
  return end < 0 ? -1 : end - offset;
}

/** Returns the offset just past the value at `at`, or -1. */
function walk(buf: Uint8Array, at: number, depth: number): number {
  if (depth > MAX_DEPTH || at >= buf.length) return -1;
  const tag = buf[at]!;
  let i = at + 1;
  if ((tag & 0x1f) === 0x1f) {
    // high tag number: base-128 digits, last one without the top bit
    let n = 0;
    while (i < buf.length && buf[i]! & 0x80) {
      if (++n > 4) return -1;
      i++;
    }
    i++;
  }
  if (i >= buf.length) return -1;
  const first = buf[i++]!;
  if (first === 0x80) {
    if (!(tag & 0x20)) return -1; // only constructed values may have an indefinite length
    for (;;) {
      if (i + 1 >= buf.length) return -1;
      if (buf[i] === 0 && buf[i + 1] === 0) return i + 2;
      i = walk(buf, i, depth + 1);
      if (i < 0) return -1;
    }
  }
  let len = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 6 || i + n > buf.length) return -1;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + buf[i++]!;
  }
  return i + len <= buf.length ? i + len : -1;
}
