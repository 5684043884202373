import crypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import forge from 'node-forge';
import { sha256DigestInfo } from '../digest-info.js';
import { AgentError } from '../errors.js';
import { certificateEntry, type CertificateEntry, type KeyStore } from '../key-store.js';

interface LoadedKey {
  entry: CertificateEntry;
  key: crypto.KeyObject;
}

/**
 * A .pfx / .p12 file as a key store; the PIN is the file's password. The decrypted keys live only
 * in this process while the session is open. RSA keys only: node:crypto can sign a precomputed
 * hash with RSA (privateEncrypt over DigestInfo) but has no ECDSA-over-a-digest call.
 */
export class Pkcs12KeyStore implements KeyStore {
  readonly kind = 'pkcs12' as const;
  private keys: LoadedKey[] | null = null;

  constructor(private readonly file: string) {}

  describe(): string {
    return `PKCS#12 file ${this.file}`;
  }

  async open(pin: string): Promise<void> {
    this.keys = null;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (e) {
      throw new AgentError('NO_TOKEN', {}, `cannot read ${this.file}: ${(e as Error).message}`);
    }
    let p12: forge.pkcs12.Pkcs12Pfx;
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), pin);
    } catch (e) {
      const message = (e as Error).message;
      if (/password/i.test(message)) throw new AgentError('WRONG_PIN');
      throw new AgentError('TOKEN_ERROR', {}, `${this.file} is not a readable PKCS#12 file: ${message}`);
    }

    const certs = bagsOf(p12, forge.pki.oids.certBag!).map((bag) => ({
      der: Buffer.from(forge.asn1.toDer(bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1).getBytes(), 'binary'),
      localKeyId: localKeyIdHex(bag),
    }));
    const keyBags = [...bagsOf(p12, forge.pki.oids.pkcs8ShroudedKeyBag!), ...bagsOf(p12, forge.pki.oids.keyBag!)];
    const loaded: LoadedKey[] = [];
    const leafDers = new Set<Buffer>();
    for (const bag of keyBags) {
      const key = bag.key
        ? crypto.createPrivateKey(forge.pki.privateKeyToPem(bag.key))
        : crypto.createPrivateKey({ key: Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary'), format: 'der', type: 'pkcs8' });
      const id = localKeyIdHex(bag);
      // Prefer the localKeyId pairing; fall back to matching public keys.
      const cert =
        certs.find((c) => id && c.localKeyId === id) ?? certs.find((c) => new crypto.X509Certificate(c.der).checkPrivateKey(key));
      if (!cert) continue;
      leafDers.add(cert.der);
      const entryId = id ?? crypto.createHash('sha1').update(cert.der).digest('hex');
      loaded.push({ entry: certificateEntry(entryId, cert.der, []), key });
    }
    const pool = certs.filter((c) => !leafDers.has(c.der)).map((c) => c.der);
    this.keys = loaded.map(({ entry, key }) => ({
      entry: certificateEntry(entry.id, Buffer.from(entry.certificate, 'base64'), pool),
      key,
    }));
  }

  async close(): Promise<void> {
    this.keys = null;
  }

  isOpen(): boolean {
    return this.keys !== null;
  }

  async listCertificates(): Promise<CertificateEntry[]> {
    return this.loaded().map((k) => k.entry);
  }

  async signDigest(certId: string, sha256: Buffer): Promise<Buffer> {
    const found = this.loaded().find((k) => k.entry.id === certId);
    if (!found) throw new AgentError('NO_CERTIFICATE');
    if (found.key.asymmetricKeyType !== 'rsa') {
      throw new AgentError('TOKEN_ERROR', {}, 'only RSA keys can be used from a .pfx file; put EC keys on a token');
    }
    // privateEncrypt with PKCS#1 padding over DigestInfo is RSASSA-PKCS1-v1_5 over a precomputed hash
    // (crypto.sign would hash the digest again).
    return crypto.privateEncrypt({ key: found.key, padding: crypto.constants.RSA_PKCS1_PADDING }, sha256DigestInfo(sha256));
  }

  private loaded(): LoadedKey[] {
    if (!this.keys) throw new AgentError('SESSION_REQUIRED');
    return this.keys;
  }
}

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType })[bagType] ?? [];
}

function localKeyIdHex(bag: forge.pkcs12.Bag): string | undefined {
  const id = (bag.attributes as Record<string, string[] | undefined>).localKeyId?.[0];
  return id ? forge.util.bytesToHex(id) : undefined;
}
