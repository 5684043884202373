import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import { ecdsaDerToRaw, ecdsaRawToDer, sha256DigestInfo, SHA256_DIGEST_INFO_PREFIX } from './digest-info.js';

describe('sha256DigestInfo', () => {
  it('is the DER DigestInfo { sha256, NULL } with the hash', () => {
    const hash = crypto.createHash('sha256').update('पत्रावली').digest();
    const di = sha256DigestInfo(hash);
    expect(di.length).toBe(51);
    const parsed = asn1js.fromBER(new Uint8Array(di));
    expect(parsed.offset).toBe(51);
    const seq = parsed.result as asn1js.Sequence;
    const algo = seq.valueBlock.value[0] as asn1js.Sequence;
    expect((algo.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString()).toBe('2.16.840.1.101.3.4.2.1');
    expect(algo.valueBlock.value[1]).toBeInstanceOf(asn1js.Null);
    expect(Buffer.from((seq.valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView)).toEqual(hash);
    expect(di.subarray(0, SHA256_DIGEST_INFO_PREFIX.length)).toEqual(SHA256_DIGEST_INFO_PREFIX);
  });

  it('signed with raw RSA PKCS#1 padding, verifies as an ordinary sha256 signature', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const data = Buffer.from('a letter');
    const sig = crypto.privateEncrypt(
      { key: privateKey, padding: crypto.constants.RSA_PKCS1_PADDING },
      sha256DigestInfo(crypto.createHash('sha256').update(data).digest()),
    );
    expect(crypto.verify('sha256', data, publicKey, sig)).toBe(true);
    expect(crypto.verify('sha256', Buffer.from('another letter'), publicKey, sig)).toBe(false);
  });

  it('refuses anything but 32 bytes', () => {
    expect(() => sha256DigestInfo(Buffer.alloc(31))).toThrow(RangeError);
    expect(() => sha256DigestInfo(Buffer.alloc(33))).toThrow(RangeError);
  });
});

describe('ECDSA r||s ↔ DER', () => {
  it('matches node:crypto both ways, over many signatures (leading zeros and high bits included)', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 200; i++) {
      const data = Buffer.from(`item ${i}`);
      const raw = crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = ecdsaRawToDer(raw);
      expect(crypto.verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
      expect(ecdsaDerToRaw(der)).toEqual(raw);
      const nodeDer = crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
      expect(ecdsaRawToDer(ecdsaDerToRaw(nodeDer))).toEqual(nodeDer);
    }
  });

  it('encodes the edge cases minimally', () => {
    const raw = Buffer.concat([Buffer.alloc(31, 0), Buffer.from([0x01]), Buffer.from([0x80]), Buffer.alloc(31, 0xff)]);
    expect(ecdsaRawToDer(raw).toString('hex')).toBe(`3026020101022100${'80' + 'ff'.repeat(31)}`);
    expect(() => ecdsaRawToDer(Buffer.alloc(63))).toThrow(RangeError);
  });
});
