/**
 * The two encodings a token signature needs around a bare hash: the PKCS#1 DigestInfo that RSA
 * tokens sign (CKM_RSA_PKCS does no hashing and no DigestInfo wrapping), and the DER
 * ECDSA-Sig-Value that CMS expects where PKCS#11 CKM_ECDSA returns raw r||s.
 */

/** DER of AlgorithmIdentifier { sha256, NULL } inside DigestInfo, up to the 32-byte OCTET STRING header (RFC 8017 §9.2 note 1). */
export const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** DigestInfo(sha256, hash) — what RSASSA-PKCS1-v1_5 signs. */
export function sha256DigestInfo(hash: Uint8Array): Buffer {
  if (hash.length !== 32) throw new RangeError(`a SHA-256 digest has 32 bytes, got ${hash.length}`);
  return Buffer.concat([SHA256_DIGEST_INFO_PREFIX, hash]);
}

/** Converts a raw ECDSA signature r||s (both halves the curve's size) to DER `SEQUENCE { INTEGER r, INTEGER s }`. */
export function ecdsaRawToDer(raw: Uint8Array): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new RangeError(`a raw ECDSA signature has an even length, got ${raw.length}`);
  const half = raw.length / 2;
  const r = derInteger(raw.subarray(0, half));
  const s = derInteger(raw.subarray(half));
  return Buffer.concat([Buffer.from([0x30]), derLength(r.length + s.length), r, s]);
}

/** Converts DER `SEQUENCE { INTEGER r, INTEGER s }` back to r||s, each half `size` bytes (32 for P-256). */
export function ecdsaDerToRaw(der: Uint8Array, size = 32): Buffer {
  const buf = Buffer.from(der);
  let pos = 0;
  const expect = (tag: number) => {
    if (buf[pos++] !== tag) throw new Error('not a DER ECDSA signature');
    let len = buf[pos++]!;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = buf.readUIntBE(pos, n);
      pos += n;
    }
    return len;
  };
  expect(0x30);
  const out = Buffer.alloc(size * 2);
  for (const offset of [0, size]) {
    const len = expect(0x02);
    let int = buf.subarray(pos, pos + len);
    pos += len;
    while (int.length > size && int[0] === 0) int = int.subarray(1);
    if (int.length > size) throw new Error('ECDSA integer longer than the curve size');
    int.copy(out, offset + size - int.length);
  }
  return out;
}

function derInteger(bytes: Uint8Array): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let v = Buffer.from(bytes.subarray(i));
  if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return Buffer.concat([Buffer.from([0x02]), derLength(v.length), v]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  return Buffer.from([0x82, n >> 8, n & 0xff]);
}
