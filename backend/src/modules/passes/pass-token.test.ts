import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CompactSign, type JWK } from 'jose';
import { checkPassToken, istMinute, signPassToken, type PassClaims } from './pass-token.js';

function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, jwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'EdDSA' } };
}

const claims: PassClaims = {
  v: 1,
  j: 'd1',
  k: 'pass',
  r: 'EPASS/PBT/TEH-SDR/2026/000123',
  s: 'EPASS',
  n: 'रामेश्वर प्रसाद',
  m: 'aadhaar:1234',
  f: '2026-12-07',
  u: '2026-12-08',
  d: 'पीलीभीत → बरेली',
  vh: 'UP26AB1234',
  o: 'TEH-SDR',
  iss: 'patravali',
};

// 10:00 India time on the day given
const ist = (day: string, hm = '10:00') => new Date(`${day}T${hm}:00+05:30`);

describe('pass tokens', () => {
  const k = keyPair('k1');
  const ctx = (now: Date, revoked: string[] = [], place?: string) => ({
    keys: [k.jwk],
    isRevoked: (j: string) => revoked.includes(j),
    now,
    place,
  });

  it('a pass signed with a published key is valid within its days, whole days in India time', async () => {
    const t = await signPassToken(claims, k);
    expect((await checkPassToken(t, ctx(ist('2026-12-07', '00:01')))).verdict).toBe('valid');
    const late = await checkPassToken(t, ctx(ist('2026-12-08', '23:59')));
    expect(late.verdict).toBe('valid');
    expect(late.claims?.n).toBe('रामेश्वर प्रसाद');
    expect(late.kid).toBe('k1');
  });

  it('before its first day it is not yet valid; after its last, expired (IST midnight, not UTC)', async () => {
    const t = await signPassToken(claims, k);
    expect((await checkPassToken(t, ctx(ist('2026-12-06', '23:59')))).verdict).toBe('notYetValid');
    // 00:10 IST on the 9th is still the 8th in UTC: expired all the same
    expect((await checkPassToken(t, ctx(ist('2026-12-09', '00:10')))).verdict).toBe('expired');
  });

  it('a visitor pass with a time window and a gate', async () => {
    const t = await signPassToken({ ...claims, k: 'visitor', f: '2026-12-07T11:00', u: '2026-12-07T13:00', g: 'SP-PBT' }, k);
    expect((await checkPassToken(t, ctx(ist('2026-12-07', '10:59'), [], 'SP-PBT'))).verdict).toBe('notYetValid');
    expect((await checkPassToken(t, ctx(ist('2026-12-07', '12:00'), [], 'SP-PBT'))).verdict).toBe('valid');
    expect((await checkPassToken(t, ctx(ist('2026-12-07', '12:00'), [], 'DM-PBT'))).verdict).toBe('wrongPlace');
    expect((await checkPassToken(t, ctx(ist('2026-12-07', '13:01'), [], 'SP-PBT'))).verdict).toBe('expired');
  });

  it('cancelled outranks the dates', async () => {
    const t = await signPassToken(claims, k);
    expect((await checkPassToken(t, ctx(ist('2026-12-07'), ['d1']))).verdict).toBe('cancelled');
    expect((await checkPassToken(t, ctx(ist('2026-12-07'), ['d2']))).verdict).toBe('valid');
  });

  it('a changed claim, an unknown key, another key under the same id, a letter token or garbage is forged', async () => {
    const t = await signPassToken(claims, k);
    const [h, , s] = t.split('.');
    const body = Buffer.from(JSON.stringify({ ...claims, u: '2027-12-31' })).toString('base64url');
    const now = ist('2026-12-07');
    expect((await checkPassToken(`${h}.${body}.${s}`, ctx(now))).verdict).toBe('forged');
    const other = keyPair('k1');
    expect((await checkPassToken(await signPassToken(claims, other), ctx(now))).verdict).toBe('forged');
    const unknown = keyPair('k9');
    expect((await checkPassToken(await signPassToken(claims, unknown), ctx(now))).verdict).toBe('forged');
    for (const junk of ['', 'abc', 'a.b.c', `${t}x`, t.replace(/\./g, '')])
      expect((await checkPassToken(junk, ctx(now))).verdict).toBe('forged');
    // a letter's QR token (a JWS under a published key, but without the pass type) is not a pass
    const letter = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .sign(k.privateKey);
    expect((await checkPassToken(letter, ctx(now))).verdict).toBe('forged');
  });

  it('istMinute is India time', () => {
    expect(istMinute(new Date('2026-12-06T18:30:00Z'))).toBe('2026-12-07T00:00');
  });
});
