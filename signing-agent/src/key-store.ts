import crypto from 'node:crypto';
import type { CertificateEntry } from './contract.js';

export type { CertificateEntry };

/**
 * Where the officer's key lives: a PKCS#11 token or a .pfx file. The agent never sees documents,
 * only 32-byte SHA-256 digests. Errors are AgentErrors: WRONG_PIN (with `tokenTriesLeft` when the
 * token tells), PIN_LOCKED, NO_TOKEN, NO_CERTIFICATE, SESSION_REQUIRED, TOKEN_ERROR.
 */
export interface KeyStore {
  kind: 'pkcs11' | 'pkcs12';
  /** A human description for the agent's console (library path, token label, file). */
  describe(): string;
  open(pin: string): Promise<void>;
  close(): Promise<void>;
  isOpen(): boolean;
  listCertificates(): Promise<CertificateEntry[]>;
  /** RSA: PKCS#1 v1.5 signature over DigestInfo(sha256, digest). EC: DER ECDSA-Sig-Value over the digest. */
  signDigest(certId: string, sha256: Buffer): Promise<Buffer>;
  /** Releases the library / file for good (agent shutdown). */
  dispose?(): Promise<void>;
}

/** Describes a leaf certificate; `pool` are the other certificates stored with it, of which the issuer path (issuer first) becomes the chain. */
export function certificateEntry(id: string, leafDer: Buffer, pool: Buffer[]): CertificateEntry {
  const leaf = new crypto.X509Certificate(leafDer);
  const candidates = pool.map((der) => new crypto.X509Certificate(der)).filter((c) => c.fingerprint256 !== leaf.fingerprint256);
  const chain: crypto.X509Certificate[] = [];
  let current = leaf;
  while (chain.length < 10) {
    const issuer = candidates.find((c) => !chain.includes(c) && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) break;
    chain.push(issuer);
    if (issuer.checkIssued(issuer)) break;
    current = issuer;
  }
  const type = leaf.publicKey.asymmetricKeyType;
  return {
    id,
    subject: displayName(leaf.subject),
    issuer: displayName(leaf.issuer),
    serialNumber: (leaf.serialNumber.length % 2 ? `0${leaf.serialNumber}` : leaf.serialNumber).toLowerCase(),
    notBefore: new Date(leaf.validFrom).toISOString(),
    notAfter: new Date(leaf.validTo).toISOString(),
    keyAlgorithm: type === 'ec' ? 'EC' : 'RSA',
    certificate: leaf.raw.toString('base64'),
    chain: chain.map((c) => c.raw.toString('base64')),
  };
}

/** Whether the certificate is within its validity period at `at`. */
export function isCurrentlyValid(entry: CertificateEntry, at = new Date()): boolean {
  return new Date(entry.notBefore).getTime() <= at.getTime() && at.getTime() <= new Date(entry.notAfter).getTime();
}

/** Node prints names one attribute per line, most significant first; show them as "CN=…, O=…, C=IN". */
function displayName(name: string): string {
  return name.split('\n').filter(Boolean).reverse().join(', ');
}

export function commonName(entry: Pick<CertificateEntry, 'subject'>): string {
  return /(?:^|, )CN=([^,]*)/.exec(entry.subject)?.[1] ?? entry.subject;
}
