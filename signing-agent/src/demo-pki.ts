/**
 * The demo PKI: one "Patravali Demo CA" that a demo backend trusts and a demo officer .pfx issued by
 * it, so `npm start` + `npm run agent` can sign without a real DSC. Created once and reused; the
 * backend and the agent both call ensureDemoPki(), possibly at the same moment, and must end up
 * with the same CA: files are written under temporary names and published with link()/rename().
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import { createCa, derToPem, issueCertificate, toPfx, type Issued } from './pki.js';

export const DEMO_CA_NAME = 'Patravali Demo CA — not for real use';
export const DEFAULT_DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'storage', 'data', 'demo-pki');

const CA_FILE = 'demo-ca.pem';
const CA_KEY_FILE = 'demo-ca.key.pem';

/** Returns the demo CA, creating it in `dir` the first time. */
export function ensureDemoPki(dir: string = DEFAULT_DEMO_DIR): { ca: Issued; caPath: string } {
  fs.mkdirSync(dir, { recursive: true });
  const caPath = path.join(dir, CA_FILE);
  const keyPath = path.join(dir, CA_KEY_FILE);
  const existing = readCa(caPath, keyPath);
  if (existing) return { ca: existing, caPath };

  if (!fs.existsSync(keyPath)) {
    const ca = createCa({ commonName: DEMO_CA_NAME, organization: 'Patravali' });
    const tag = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    const tmpKey = path.join(dir, `.${CA_KEY_FILE}.${tag}`);
    const tmpCert = path.join(dir, `.${CA_FILE}.${tag}`);
    fs.writeFileSync(tmpKey, ca.keyPem, { mode: 0o600 });
    fs.writeFileSync(tmpCert, ca.certPem);
    try {
      // The key file is the commit point: link() fails if another process got there first.
      fs.linkSync(tmpKey, keyPath);
      fs.renameSync(tmpCert, caPath);
      return { ca, caPath };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(tmpKey, { force: true });
      fs.rmSync(tmpCert, { force: true });
    }
  }

  // Another process holds the key and is about to publish the certificate.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ca = readCa(caPath, keyPath);
    if (ca) return { ca, caPath };
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  throw new Error(`${keyPath} exists but ${caPath} is missing or does not match it; delete both to make a new demo CA`);
}

/**
 * Path of a demo officer .pfx (password = `pin`) issued by the demo CA: Class 3 policy,
 * digitalSignature + nonRepudiation. Reused while it opens with `pin`, chains to the current demo
 * CA and has more than a day of validity left.
 */
export function ensureDemoPfx(dir: string = DEFAULT_DEMO_DIR, o: { commonName: string; pin: string }): string {
  const { ca } = ensureDemoPki(dir);
  const slug =
    o.commonName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'officer';
  const pfxPath = path.join(dir, `${slug}.pfx`);
  if (fs.existsSync(pfxPath) && pfxStillGood(pfxPath, o.pin, ca)) return pfxPath;
  const leaf = issueCertificate(ca, {
    commonName: o.commonName,
    organization: 'Patravali Demo District',
    organizationalUnit: 'Demo — not for real use',
    keyUsage: { digitalSignature: true, nonRepudiation: true },
  });
  const tmp = path.join(dir, `.${path.basename(pfxPath)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.writeFileSync(tmp, toPfx(leaf, [ca], o.pin), { mode: 0o600 });
  fs.renameSync(tmp, pfxPath);
  return pfxPath;
}

function readCa(caPath: string, keyPath: string): Issued | null {
  let certPem: string;
  let keyPem: string;
  try {
    certPem = fs.readFileSync(caPath, 'utf8');
    keyPem = fs.readFileSync(keyPath, 'utf8');
  } catch {
    return null;
  }
  const x509 = new crypto.X509Certificate(certPem);
  const key = crypto.createPrivateKey(keyPem);
  if (!x509.checkPrivateKey(key)) return null;
  return { certPem, keyPem, certDer: Buffer.from(x509.raw), serialHex: evenHex(x509.serialNumber) };
}

function pfxStillGood(pfxPath: string, pin: string, ca: Issued): boolean {
  try {
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(fs.readFileSync(pfxPath).toString('binary')), pin);
    const bags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
    const caX509 = new crypto.X509Certificate(ca.certDer);
    return bags.some((bag) => {
      if (!bag.cert) return false;
      const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert)).getBytes(), 'binary');
      const x509 = new crypto.X509Certificate(derToPem(der, 'CERTIFICATE'));
      return (
        !x509.ca && x509.checkIssued(caX509) && x509.verify(caX509.publicKey) && new Date(x509.validTo).getTime() > Date.now() + 86_400_000
      );
    });
  } catch {
    return false;
  }
}

function evenHex(hex: string): string {
  const h = hex.toLowerCase();
  return h.length % 2 ? `0${h}` : h;
}
