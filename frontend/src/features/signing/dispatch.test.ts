import { describe, expect, it } from 'vitest';
import type { EFile } from '../../api/types';
import { checkRecipients, isIssued, issueOf, recipientsFromAddressee, toRecipients } from './dispatch';
import { signatureChecks, signatureVerdict } from './verify/checks';
import type { VerifiedSignature } from './types';

describe('dispatch details', () => {
  it('takes the draft’s addressee block as the first recipient', () => {
    expect(recipientsFromAddressee('The District Magistrate,\nPilibhit\ndm-pbt@up.gov.in')).toEqual([
      { name: 'The District Magistrate', address: 'Pilibhit', email: 'dm-pbt@up.gov.in' },
    ]);
    expect(recipientsFromAddressee(null)).toEqual([{ name: '', address: '', email: '' }]);
  });

  it('needs a name for everyone, and an e-mail address when sending by e-mail', () => {
    const rows = [
      { name: 'DM Pilibhit', address: '', email: '' },
      { name: '', address: 'somewhere', email: '' },
      { name: 'SSP', address: '', email: 'not-an-email' },
    ];
    expect([...checkRecipients('post', rows).rows]).toEqual([
      [1, 'nameRequired'],
      [2, 'emailInvalid'],
    ]);
    expect(checkRecipients('email', rows).rows.get(0)).toBe('emailRequired');
    expect(checkRecipients('post', []).list).toBe('noRecipient');
  });

  it('sends only the fields that were filled', () => {
    expect(toRecipients([{ name: ' DM ', address: ' ', email: 'dm@up.gov.in ' }])).toEqual([{ name: 'DM', email: 'dm@up.gov.in' }]);
  });
});

describe('verification checks', () => {
  const good: VerifiedSignature = {
    signer: 'RAVI KUMAR',
    signerCertificate: null,
    integrity: true,
    coversWholeDocument: true,
    trusted: true,
    certificateValidAtSigning: true,
    keyUsageOk: true,
    certificateClass: 'Class 3',
    signingTime: '2026-04-01T10:00:00Z',
    revocation: 'good',
    revocationNote: '',
    subFilter: 'ETSI.CAdES.detached',
    reason: null,
    enrolledOfficer: true,
    problems: [],
    kind: 'signature',
    digestAlgorithm: 'SHA-256',
    byteRange: [0, 10, 20, 5],
    timestamp: null,
  };

  it('a sound signature is valid', () => {
    expect(signatureVerdict(good)).toBe('valid');
    expect(signatureChecks(good).every((c) => c.level === 'ok')).toBe(true);
  });

  it('an earlier signature under a countersignature, or an unknown revocation, is valid with remarks', () => {
    expect(signatureVerdict({ ...good, coversWholeDocument: false })).toBe('warnings');
    expect(signatureVerdict({ ...good, revocation: 'unknown' })).toBe('warnings');
  });

  it('a change, a revoked or untrusted certificate makes it not valid', () => {
    expect(signatureVerdict({ ...good, integrity: false })).toBe('invalid');
    expect(signatureVerdict({ ...good, revocation: 'revoked' })).toBe('invalid');
    expect(signatureVerdict({ ...good, trusted: false })).toBe('invalid');
    expect(signatureChecks({ ...good, integrity: false })[0]).toEqual({
      name: 'integrity',
      level: 'fail',
      key: 'verify.check.integrity.fail',
    });
  });

  it('a SHA-1 signature is valid with a remark; a timestamp is checked in its own words', () => {
    expect(signatureVerdict({ ...good, problems: ['weakDigest'] })).toBe('warnings');
    const stamp = { ...good, kind: 'timestamp' as const };
    expect(signatureChecks(stamp).map((c) => c.key)).toContain('verify.check.integrity.tsOk');
    expect(
      signatureChecks({ ...stamp, keyUsageOk: false, integrity: false })
        .filter((c) => c.level === 'fail')
        .map((c) => c.key),
    ).toEqual(['verify.check.integrity.tsFail', 'verify.check.keyUsage.tsaFail']);
  });
});

describe('issued drafts', () => {
  it('knows a draft is issued from its register entry, or from its letter in the correspondence', () => {
    const issue = { dispatchId: 'x', issueNumber: 'SP-PBT/2026/1', status: 'issued', documentUrl: null };
    const file = {
      drafts: [
        { id: 'd1', issue: null },
        { id: 'd2', issue },
        { id: 'd3', issue: null },
      ],
      correspondence: [
        { kind: 'issued', draft: { id: 'd3', subject: 'x' } },
        { kind: 'receipt', draft: null },
      ],
    } as unknown as Pick<EFile, 'drafts' | 'correspondence'>;
    expect(issueOf(file, 'd2')).toEqual(issue);
    expect(issueOf(file, 'd1')).toBeNull();
    expect(['d1', 'd2', 'd3'].map((id) => isIssued(file, id))).toEqual([false, true, true]);
  });
});
