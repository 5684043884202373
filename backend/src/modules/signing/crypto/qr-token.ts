import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The token a letter's QR code carries: a compact JWS (RFC 7515, `alg: EdDSA`, Ed25519) whose
 * payload names the issued document. Anyone can check it offline with the public keys published
 * at /api/verify/keys (any JWS library that speaks EdDSA); our verify page also looks it up.
 */
export interface QrPayload {
  /** issue number */
  n: string;
  /** letter date, YYYY-MM-DD */
  d: string;
  /** issuing office code */
  o: string;
  /** SHA-256 (hex) of the letter's content as printed */
  h: string;
  /** issuer of the token */
  iss: 'patravali';
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, string>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function newSigningKey(): { kid: string; privatePem: string; publicJwk: Record<string, string> } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = randomBytes(6).toString('base64url');
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  return {
    kid,
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' },
  };
}

export const loadSigningKey = (kid: string, privatePem: string, publicJwk: Record<string, string>): SigningKey => ({
  kid,
  privateKey: createPrivateKey(privatePem),
  publicJwk,
});

export function signToken(key: SigningKey, payload: QrPayload): string {
  const head = b64url(JSON.stringify({ alg: 'EdDSA', kid: key.kid }));
  const body = b64url(JSON.stringify(payload));
  const sig = sign(null, Buffer.from(`${head}.${body}`), key.privateKey);
  return `${head}.${body}.${sig.toString('base64url')}`;
}

export type TokenCheck =
  | { valid: true; payload: QrPayload; kid: string }
  | { valid: false; reason: 'malformed' | 'unknownKey' | 'badSignature'; payload: unknown };

/** Checks a token against the published keys (JWKs). */
export function checkToken(token: string, jwks: Record<string, string>[]): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return { valid: false, reason: 'malformed', payload: null };
  let header: { alg?: string; kid?: string };
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'malformed', payload: null };
  }
  if (header.alg !== 'EdDSA') return { valid: false, reason: 'malformed', payload };
  const jwk = jwks.find((k) => k.kid === header.kid);
  if (!jwk) return { valid: false, reason: 'unknownKey', payload };
  const ok = verify(
    null,
    Buffer.from(`${parts[0]}.${parts[1]}`),
    createPublicKey({ key: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! }, format: 'jwk' }),
    Buffer.from(parts[2]!, 'base64url'),
  );
  if (!ok) return { valid: false, reason: 'badSignature', payload };
  const p = payload as QrPayload;
  if (typeof p?.n !== 'string' || typeof p.d !== 'string' || typeof p.h !== 'string') return { valid: false, reason: 'malformed', payload };
  return { valid: true, payload: p, kid: header.kid! };
}
