import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDemoPki } from '@patravali/signing-agent/demo-pki';
import { createCa, issueCertificate } from '@patravali/signing-agent/pki';
import { parseCertificate } from './crypto/cms.js';
import { certificateFacts } from './crypto/certificates.js';
import { isDemoIssuer } from './trust.js';
import { messageCatalogues } from '../../shared/i18n.js';

describe('the demo certificate (issue 14 item 12)', () => {
  it('is recognised by its issuer, the demo CA, and only that', () => {
    const { ca } = ensureDemoPki(mkdtempSync(path.join(os.tmpdir(), 'demo-pki-')));
    const demoLeaf = certificateFacts(parseCertificate(issueCertificate(ca, { commonName: 'Demo Officer (Patravali)' }).certDer));
    expect(demoLeaf.certificateClass).toBe('Class 3'); // it carries the Class 3 policy, so "Class 3" alone would mislead
    expect(isDemoIssuer(demoLeaf.issuer)).toBe(true);
    const other = certificateFacts(
      parseCertificate(issueCertificate(createCa({ commonName: 'Test CA for Patravali' }), { commonName: 'Officer' }).certDer),
    );
    expect(isDemoIssuer(other.issuer)).toBe(false);
    expect(isDemoIssuer(null)).toBe(false);
  });

  it('is described as a demo certificate, not one issued under the CCA, in both languages', () => {
    expect(messageCatalogues.en.verify.demoCertificate).toMatch(
      /demo certificate.*not a certificate issued under the Controller of Certifying Authorities/,
    );
    expect(messageCatalogues.hi.verify.demoCertificate).toMatch(/डेमो प्रमाणपत्र.*अंतर्गत जारी प्रमाणपत्र नहीं/);
  });
});
