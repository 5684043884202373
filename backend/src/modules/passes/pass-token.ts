import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';

/**
 * The token an issued pass or certificate carries in its QR code and its short link: a compact JWS
 * (RFC 7515, `alg: EdDSA`, Ed25519, the installation's verification keys published at
 * /api/verify/keys) over short claims. This module is pure (jose only, no Node API): the server's
 * verifier and the checkpoint app's offline verifier in the browser run this same code, so a pass is
 * judged by one rule wherever it is scanned.
 *
 * Claim names are one or two letters to keep the QR small enough for a low-end phone camera.
 */
export interface PassClaims {
  /** format version */
  v: 1;
  /** the issued document's id: the key of the revocation list */
  j: string;
  /** what it is: a movement pass, a visitor pass, a certificate, a verification report */
  k: 'pass' | 'visitor' | 'certificate' | 'report';
  /** reference number of the application (EPASS/PBT/TEH-SDR/2026/000123) */
  r: string;
  /** service code */
  s: string;
  /** holder's name */
  n: string;
  /** holder's ID proof, masked: kind and the last 4 digits (`aadhaar:1234`) */
  m?: string;
  /** valid from: `YYYY-MM-DD` (the whole day, India time) or `YYYY-MM-DDTHH:mm` (India time) */
  f: string;
  /** valid until, inclusive, in the same forms; a certificate without an end has none */
  u?: string;
  /** what is permitted: the route or destination (e-pass), the office and section (visitor) */
  d?: string;
  /** the place it is valid at: the code of the office whose gate admits the visitor */
  g?: string;
  /** vehicle registration number */
  vh?: string;
  /** SHA-256 of the holder's photo, base64url, first 16 bytes (the photo is fetched online and compared) */
  ph?: string;
  /** issuing office's code */
  o: string;
  iss: 'patravali';
}

/** The JWS `typ` of pass tokens (letters' tokens have none): a letter's token is not a pass. */
export const PASS_TOKEN_TYP = 'pv-pass';

/** What a checkpoint shows, at a glance. */
export type PassVerdict = 'valid' | 'expired' | 'notYetValid' | 'cancelled' | 'forged' | 'wrongPlace';

export interface PassCheck {
  verdict: PassVerdict;
  /** the claims when the signature holds (also for expired, cancelled, wrong place) */
  claims: PassClaims | null;
  kid: string | null;
}

export interface PassCheckContext {
  /** published keys (JWKs with `kid`), retired ones included */
  keys: readonly JWK[];
  /** whether the document with this id is cancelled (the revocation list) */
  isRevoked: (documentId: string) => boolean;
  now: Date;
  /** the office code of the gate checking, when a gate checks (a visitor pass is for one office's gate) */
  place?: string | undefined;
}

/** Signs claims with a private key (Node KeyObject or WebCrypto CryptoKey) under its key id. */
export async function signPassToken(
  claims: PassClaims,
  key: { kid: string; privateKey: Parameters<CompactSign['sign']>[0] },
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: PASS_TOKEN_TYP })
    .sign(key.privateKey);
}

/** India time as `YYYY-MM-DDTHH:mm` (IST has no daylight saving: a fixed +05:30). */
export function istMinute(at: Date): string {
  return new Date(at.getTime() + 330 * 60_000).toISOString().slice(0, 16);
}

/**
 * Imported public keys by key id and key: importing costs more than the check itself, and the same few
 * keys verify every pass (a checkpoint checks thousands a day). Keys are never removed from the published
 * set, so the cache stays as small as that set.
 */
const imported = new Map<string, ReturnType<typeof importJWK>>();
function publicKeyOf(jwk: JWK): ReturnType<typeof importJWK> {
  const id = `${jwk.kid}|${jwk.crv}|${jwk.x}`;
  let key = imported.get(id);
  if (!key) {
    key = importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA');
    key.catch(() => imported.delete(id));
    imported.set(id, key);
  }
  return key;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const WHEN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/;

function claimsOf(raw: unknown): PassClaims | null {
  const c = raw as Partial<PassClaims> | null;
  if (!c || typeof c !== 'object' || c.v !== 1 || c.iss !== 'patravali') return null;
  const strings = [c.j, c.k, c.r, c.s, c.n, c.f, c.o];
  if (strings.some((x) => typeof x !== 'string' || !x)) return null;
  if (!['pass', 'visitor', 'certificate', 'report'].includes(c.k!)) return null;
  if (!WHEN.test(c.f!) || (c.u !== undefined && (typeof c.u !== 'string' || !WHEN.test(c.u)))) return null;
  return c as PassClaims;
}

/**
 * Judges a token: its signature against the published keys (else `forged`), the revocation list
 * (`cancelled`), the validity window in India time (`notYetValid`, `expired`: a date-only bound covers
 * the whole day) and, at a gate, the place (`wrongPlace`). Cancellation outranks the dates.
 */
export async function checkPassToken(token: string, ctx: PassCheckContext): Promise<PassCheck> {
  const forged: PassCheck = { verdict: 'forged', claims: null, kid: null };
  const t = token.trim();
  if (!TOKEN_SHAPE.test(t)) return forged;
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(t);
    if (header.alg !== 'EdDSA' || header.typ !== PASS_TOKEN_TYP) return forged;
    kid = header.kid;
  } catch {
    return forged;
  }
  const jwk = ctx.keys.find((k) => k.kid === kid);
  if (!jwk || !kid) return forged;
  let claims: PassClaims | null;
  try {
    const key = await publicKeyOf(jwk);
    const { payload } = await compactVerify(t, key, { algorithms: ['EdDSA'] });
    claims = claimsOf(JSON.parse(new TextDecoder().decode(payload)));
  } catch {
    return forged;
  }
  if (!claims) return forged;
  const at = (bound: string) => (bound.length === 10 ? istMinute(ctx.now).slice(0, 10) : istMinute(ctx.now));
  let verdict: PassVerdict = 'valid';
  if (ctx.isRevoked(claims.j)) verdict = 'cancelled';
  else if (at(claims.f) < claims.f) verdict = 'notYetValid';
  else if (claims.u !== undefined && at(claims.u) > claims.u) verdict = 'expired';
  else if (ctx.place !== undefined && claims.g !== undefined && claims.g !== ctx.place) verdict = 'wrongPlace';
  return { verdict, claims, kid };
}
