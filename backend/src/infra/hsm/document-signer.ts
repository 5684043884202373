import crypto from 'node:crypto';
import { Pkcs11KeyStore } from '@patravali/signing-agent/pkcs11';

/**
 * The office's document signer: a signing key that never leaves an HSM, reached through PKCS#11
 * (any vendor's library by configuration; SoftHSM in tests and the demo). Issued passes and
 * certificates are signed with it automatically, in a job. The backend sees only the certificate
 * and 32-byte digests going in, signatures coming out — the key store is the signing agent's own
 * (signing-agent/src/signers/pkcs11-signer.ts), so there is one PKCS#11 code path.
 */
export interface DocumentSigner {
  /** The signer's certificate (DER) and its chain up to the root (DER, issuer first), as stored on the token. */
  certificate: Buffer;
  chain: Buffer[];
  /** "CN=…, O=…" of the certificate, and its SHA-256 fingerprint (hex, lower case). */
  subject: string;
  fingerprint: string;
  /** RSA PKCS#1 v1.5 over DigestInfo(SHA-256, digest), or DER ECDSA: the key's signature of a SHA-256 digest. */
  signDigest(sha256: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

export interface Pkcs11SignerConfig {
  /** Path of the vendor's PKCS#11 module (libsofthsm2.so, a network HSM's client library, …). */
  library: string;
  tokenLabel: string;
  pin: string;
  /** CKA_ID (hex) of the key and its certificate; default: the only (first) key with a certificate. */
  keyId?: string | undefined;
}

/** Opens a session on the token and finds the key; signatures are made one at a time on that session (re-opened if the token drops it). */
export async function openPkcs11DocumentSigner(config: Pkcs11SignerConfig): Promise<DocumentSigner> {
  const store = new Pkcs11KeyStore(config.library, config.tokenLabel);
  await store.open(config.pin);
  const entries = await store.listCertificates();
  const entry = config.keyId ? entries.find((e) => e.id === config.keyId!.toLowerCase()) : entries[0];
  if (!entry) {
    await store.dispose();
    throw new Error(
      config.keyId
        ? `the token "${config.tokenLabel}" has no key with a certificate under CKA_ID ${config.keyId}`
        : `the token "${config.tokenLabel}" has no key with a certificate`,
    );
  }
  const certificate = Buffer.from(entry.certificate, 'base64');
  const x509 = new crypto.X509Certificate(certificate);
  let queue: Promise<unknown> = Promise.resolve();
  const signOnce = async (digest: Buffer) => {
    try {
      return await store.signDigest(entry.id, digest);
    } catch (err) {
      // a dropped session (HSM restarted, network HSM reconnect) is re-opened once
      const code = (err as { code?: string }).code;
      if (code !== 'SESSION_REQUIRED' && code !== 'NO_TOKEN') throw err;
      await store.open(config.pin);
      return store.signDigest(entry.id, digest);
    }
  };
  return {
    certificate,
    chain: entry.chain.map((c) => Buffer.from(c, 'base64')),
    subject: entry.subject,
    fingerprint: x509.fingerprint256.replace(/:/g, '').toLowerCase(),
    signDigest(digest) {
      if (digest.length !== 32) return Promise.reject(new Error('a SHA-256 digest is 32 bytes'));
      // one operation at a time per PKCS#11 session
      const next = queue.then(() => signOnce(digest));
      queue = next.catch(() => undefined);
      return next;
    },
    close: () => store.dispose(),
  };
}
