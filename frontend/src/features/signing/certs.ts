import type { Locale } from '../../api/types';
import { formatDate, istDate } from '../../composables/dates';
import type { AgentCertificate } from './agent';
import type { EnrolledCertificate } from './types';

/** A serial number as comparable hex: lower case, no separators, no leading zeros. */
export function normalizeSerial(serial: string): string {
  const hex = serial
    .toLowerCase()
    .replace(/^0x/, '')
    .replace(/[^0-9a-f]/g, '');
  return hex.replace(/^0+(?=.)/, '');
}

export function normalizeFingerprint(fp: string): string {
  return fp.toLowerCase().replace(/[^0-9a-f]/g, '');
}

/** The DER bytes of a certificate sent as base64 (or PEM). */
export function certificateBytes(cert: string): Uint8Array {
  const b64 = cert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** SHA-256 of the certificate, hex; null where the browser offers no Web Crypto (plain http off localhost). */
export async function certificateFingerprint(cert: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  try {
    const bytes = certificateBytes(cert);
    const digest = await subtle.digest('SHA-256', bytes as BufferSource);
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}

export interface CertificateMatch {
  agent: AgentCertificate;
  /** The enrolment in Patravali, when this certificate is enrolled (any status). */
  enrolled: EnrolledCertificate | null;
}

/**
 * Pairs the certificates on the agent's token with the user's enrolments: by SHA-256 fingerprint
 * where it can be computed, else by serial number (the issuer's serial is unique for one CA).
 */
export async function matchCertificates(agentCerts: AgentCertificate[], enrolled: EnrolledCertificate[]): Promise<CertificateMatch[]> {
  const out: CertificateMatch[] = [];
  for (const a of agentCerts) {
    const fp = await certificateFingerprint(a.certificate);
    const serial = normalizeSerial(a.serialNumber);
    const byFp = fp ? enrolled.filter((e) => normalizeFingerprint(e.fingerprint) === fp) : [];
    const candidates = byFp.length ? byFp : enrolled.filter((e) => normalizeSerial(e.serialNumber) === serial);
    // a certificate enrolled more than once (revoked, then enrolled again): the active enrolment counts
    const best = candidates.find((e) => e.status === 'active') ?? candidates[0] ?? null;
    out.push({ agent: a, enrolled: best });
  }
  return out;
}

/** The CN of a distinguished name ("CN=Ravi Kumar, O=…" or "/CN=…/O=…"), or the whole name. */
export function commonName(dn: string): string {
  const m = /(?:^|[,/]\s*)CN=((?:\\,|[^,/])+)/i.exec(dn);
  return m ? m[1]!.replace(/\\,/g, ',').trim() : dn;
}

/** A name the signing API sends as English `name` and Hindi `nameHi`, in the user's language (or the other if empty). */
export function localName(en: string | null | undefined, hi: string | null | undefined, locale: Locale): string {
  return (locale === 'hi' ? hi || en : en || hi) ?? '';
}

/** Whether a certificate is valid today (or how it is not). */
export function validityState(notBefore: string, notAfter: string, now: Date = new Date()): 'valid' | 'expired' | 'notYetValid' {
  if (Date.parse(notAfter) < now.getTime()) return 'expired';
  if (Date.parse(notBefore) > now.getTime()) return 'notYetValid';
  return 'valid';
}

/** A certificate's validity bound as a date ("1 May 2026"). */
export function formatDay(iso: string, locale: Locale): string {
  return formatDate(istDate(new Date(iso)), locale);
}

/** Days until the certificate expires (negative once expired). */
export function daysLeft(notAfter: string, now: Date = new Date()): number {
  return Math.floor((Date.parse(notAfter) - now.getTime()) / 86400000);
}
