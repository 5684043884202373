import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateDer, parseCertificate, pkijsEngine } from './cms.js';

/** CCA India certificate classes (certificatePolicies OIDs under 2.16.356.100.2). */
const CLASS_POLICY_OIDS: Record<string, string> = {
  '2.16.356.100.2.1': 'Class 1',
  '2.16.356.100.2.2': 'Class 2',
  '2.16.356.100.2.3': 'Class 3',
};

const NAME_OIDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '2.5.4.12': 'title',
  '1.2.840.113549.1.9.1': 'E',
  '2.5.4.17': 'postalCode',
  '2.5.4.65': 'pseudonym',
};

function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues.map((tv) => `${NAME_OIDS[tv.type] ?? tv.type}=${tv.value.valueBlock.value}`).join(', ');
}
export function commonNameOf(name: pkijs.RelativeDistinguishedNames): string {
  const cn = name.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  return cn ? String(cn.value.valueBlock.value) : nameToString(name);
}

export interface CertificateFacts {
  commonName: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  /** digitalSignature or nonRepudiation (contentCommitment) present in keyUsage. */
  keyUsageOk: boolean;
  policies: string[];
  certificateClass: string | null;
}

export function certificateFacts(cert: pkijs.Certificate): CertificateFacts {
  const ext = (oid: string) => cert.extensions?.find((e) => e.extnID === oid);
  let keyUsageOk = false;
  const ku = ext('2.5.29.15');
  if (ku) {
    const bits = ku.parsedValue as asn1js.BitString;
    const first = new Uint8Array(bits.valueBlock.valueHexView)[0] ?? 0;
    // bit 0 digitalSignature (0x80), bit 1 nonRepudiation/contentCommitment (0x40)
    keyUsageOk = (first & 0x80) !== 0 || (first & 0x40) !== 0;
  }
  const policies = ((ext('2.5.29.32')?.parsedValue as pkijs.CertificatePolicies | undefined)?.certificatePolicies ?? []).map(
    (p) => p.policyIdentifier,
  );
  const cls =
    policies
      .map((p) => CLASS_POLICY_OIDS[p])
      .filter(Boolean)
      .sort()
      .at(-1) ?? null;
  const der = certificateDer(cert);
  return {
    commonName: commonNameOf(cert.subject),
    subject: nameToString(cert.subject),
    issuer: nameToString(cert.issuer),
    serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView)
      .toString('hex')
      .replace(/^(00)+(?=.)/, ''),
    fingerprint: createHash('sha256').update(der).digest('hex'),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    keyUsageOk,
    policies,
    certificateClass: cls,
  };
}

/** Splits a PEM bundle (or a single DER) into certificates; CRLs likewise. */
function pemBlocks(text: Buffer, label: 'CERTIFICATE' | 'X509 CRL'): Buffer[] {
  const s = text.toString('latin1');
  if (!s.includes('-----BEGIN')) return [text];
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...s.matchAll(re)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

export type Revocation = { status: 'good' | 'revoked' | 'unknown'; note: string; revokedAt?: Date };

export interface TrustStoreOptions {
  anchorFiles: string[];
  /** CRL files or http(s) URLs. */
  crlSources: string[];
  extraAnchorsPem?: string[];
  /** How long fetched CRLs are kept before being fetched again. */
  crlCacheMs?: number;
  fetchTimeoutMs?: number;
  log?: { warn(o: object, msg: string): void };
}

export interface ChainResult {
  trusted: boolean;
  /** Leaf first, anchor last, when trusted. */
  path: pkijs.Certificate[];
  message: string;
}

/**
 * The configured trust anchors (SIGNING_TRUST_ANCHORS, plus the demo CA in demo mode) and CRLs
 * (SIGNING_CRLS). Chains are built and checked with pkijs's RFC 5280 path validation; CRLs are
 * used only after their own signature checks out against the issuer in the path.
 */
export class TrustStore {
  private anchorsCache: pkijs.Certificate[] | null = null;
  private crlCache: { at: number; crls: pkijs.CertificateRevocationList[]; failures: string[] } | null = null;

  constructor(private readonly o: TrustStoreOptions) {
    pkijsEngine();
  }

  async anchors(): Promise<pkijs.Certificate[]> {
    if (this.anchorsCache) return this.anchorsCache;
    const ders: Buffer[] = [];
    for (const f of this.o.anchorFiles) ders.push(...pemBlocks(await readFile(f), 'CERTIFICATE'));
    for (const pem of this.o.extraAnchorsPem ?? []) ders.push(...pemBlocks(Buffer.from(pem), 'CERTIFICATE'));
    this.anchorsCache = ders.map(parseCertificate);
    return this.anchorsCache;
  }

  /** Validates leaf + intermediates against the anchors at `at` (signing time or now). */
  async validateChain(leaf: pkijs.Certificate, intermediates: pkijs.Certificate[], at: Date): Promise<ChainResult> {
    const anchors = await this.anchors();
    if (!anchors.length) return { trusted: false, path: [], message: 'no trust anchors configured' };
    const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: anchors, certs: [...intermediates, leaf], checkDate: at });
    try {
      const r = await engine.verify();
      return { trusted: r.result, path: r.result ? (r.certificatePath ?? []) : [], message: r.resultMessage };
    } catch (e) {
      return { trusted: false, path: [], message: (e as { resultMessage?: string }).resultMessage ?? (e as Error).message };
    }
  }

  private async loadCrls(): Promise<{ crls: pkijs.CertificateRevocationList[]; failures: string[] }> {
    const now = Date.now();
    if (this.crlCache && now - this.crlCache.at < (this.o.crlCacheMs ?? 5 * 60_000)) return this.crlCache;
    const crls: pkijs.CertificateRevocationList[] = [];
    const failures: string[] = [];
    await Promise.all(
      this.o.crlSources.map(async (src) => {
        try {
          const bytes = /^https?:\/\//.test(src)
            ? Buffer.from(
                await (
                  await fetch(src, { signal: AbortSignal.timeout(this.o.fetchTimeoutMs ?? 3000) }).then((r) =>
                    r.ok ? r : Promise.reject(new Error(`HTTP ${r.status}`)),
                  )
                ).arrayBuffer(),
              )
            : await readFile(src);
          for (const der of pemBlocks(bytes, 'X509 CRL')) {
            const asn = asn1js.fromBER(new Uint8Array(der));
            crls.push(new pkijs.CertificateRevocationList({ schema: asn.result }));
          }
        } catch (e) {
          failures.push(src);
          this.o.log?.warn({ src, err: (e as Error).message }, 'CRL could not be loaded');
        }
      }),
    );
    this.crlCache = { at: now, crls, failures };
    return this.crlCache;
  }

  /** Revocation of `cert` (issued by `issuer`) from the configured CRLs; "unknown" when none applies. */
  async revocation(cert: pkijs.Certificate, issuer: pkijs.Certificate | undefined): Promise<Revocation> {
    const { crls, failures } = await this.loadCrls();
    const unreachable = failures.length ? ` (${failures.length} CRL source(s) unreachable)` : '';
    if (!issuer) return { status: 'unknown', note: `issuer certificate not available${unreachable}` };
    const candidates = crls.filter((c) => c.issuer.isEqual(cert.issuer));
    for (const crl of candidates) {
      let signed = false;
      try {
        signed = await crl.verify({ issuerCertificate: issuer });
      } catch {
        signed = false;
      }
      if (!signed) continue;
      const entry = crl.revokedCertificates?.find((r) => r.userCertificate.isEqual(cert.serialNumber));
      if (entry)
        return { status: 'revoked', note: `listed in the CRL of ${commonNameOf(crl.issuer)}`, revokedAt: entry.revocationDate.value };
      if (crl.nextUpdate && crl.nextUpdate.value.getTime() < Date.now())
        return {
          status: 'unknown',
          note: `the CRL of ${commonNameOf(crl.issuer)} is out of date (next update ${crl.nextUpdate.value.toISOString()})`,
        };
      return {
        status: 'good',
        note: `not listed in the CRL of ${commonNameOf(crl.issuer)} (issued ${crl.thisUpdate.value.toISOString()})`,
      };
    }
    return { status: 'unknown', note: `no CRL for ${commonNameOf(cert.issuer)} is configured or reachable${unreachable}` };
  }
}
