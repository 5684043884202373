import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateFingerprint, commonName, localName, matchCertificates, normalizeSerial, validityState } from './certs';
import type { AgentCertificate } from './agent';
import type { EnrolledCertificate } from './types';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('certificates', () => {
  it('compares serial numbers whatever their spelling', () => {
    expect(normalizeSerial('00:0A:1b')).toBe('a1b');
    expect(normalizeSerial('0x0a1B')).toBe('a1b');
    expect(normalizeSerial('0')).toBe('0');
  });

  it('computes the SHA-256 fingerprint of a base64 or PEM certificate', async () => {
    const hex = createHash('sha256').update('der-bytes').digest('hex');
    expect(await certificateFingerprint(b64('der-bytes'))).toBe(hex);
    expect(await certificateFingerprint(`-----BEGIN CERTIFICATE-----\n${b64('der-bytes')}\n-----END CERTIFICATE-----`)).toBe(hex);
  });

  it('matches by fingerprint first, so the same serial from another CA does not count', async () => {
    const a = { id: 'a', serialNumber: '01', certificate: b64('cert-a') } as AgentCertificate;
    const fp = createHash('sha256').update('cert-a').digest('hex');
    const other = { id: 'x', serialNumber: '01', fingerprint: 'AB:CD', status: 'active' } as EnrolledCertificate;
    const mine = { id: 'm', serialNumber: '99', fingerprint: fp.toUpperCase(), status: 'active' } as EnrolledCertificate;
    const [match] = await matchCertificates([a], [other, mine]);
    expect(match!.enrolled?.id).toBe('m');
  });

  it('prefers the active enrolment of a certificate enrolled twice', async () => {
    const a = { id: 'a', serialNumber: '0A', certificate: b64('cert-a') } as AgentCertificate;
    const revoked = { id: 'r', serialNumber: '0a', fingerprint: '', status: 'revoked' } as EnrolledCertificate;
    const active = { id: 'n', serialNumber: 'A', fingerprint: '', status: 'active' } as EnrolledCertificate;
    const [match] = await matchCertificates([a], [revoked, active]);
    expect(match!.enrolled?.id).toBe('n');
  });

  it('reads the CN of a distinguished name', () => {
    expect(commonName('CN=Ravi Kumar, O=Govt of UP, C=IN')).toBe('Ravi Kumar');
    expect(commonName('/C=IN/O=Demo/CN=Demo Sub-CA 2026')).toBe('Demo Sub-CA 2026');
    expect(commonName('O=No CN')).toBe('O=No CN');
  });

  it('tells validity and picks the name in the user’s language', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    expect(validityState('2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z', now)).toBe('valid');
    expect(validityState('2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z', now)).toBe('expired');
    expect(validityState('2027-06-01T00:00:00Z', '2028-01-01T00:00:00Z', now)).toBe('notYetValid');
    expect(localName('SP Office', 'पुलिस अधीक्षक कार्यालय', 'hi')).toBe('पुलिस अधीक्षक कार्यालय');
    expect(localName('SP Office', '', 'hi')).toBe('SP Office');
  });
});
