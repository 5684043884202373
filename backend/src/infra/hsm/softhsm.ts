import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as pkijs from 'pkijs';
import pkcs11js from 'pkcs11js';
import { issueCertificate, type Issued } from '@patravali/signing-agent/pki';

const run = promisify(execFile);

/** Where Debian's softhsm2 package puts the PKCS#11 module. */
export const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';

export class SoftHsmMissingError extends Error {
  constructor(what: string) {
    super(
      `SoftHSM is not installed (${what} not found): the demo document signer lives in a SoftHSM token. ` +
        'Install it (Debian/Ubuntu: apt-get install softhsm2) or configure a real HSM with DOCUMENT_SIGNER_PKCS11_LIBRARY, ' +
        'DOCUMENT_SIGNER_TOKEN_LABEL and DOCUMENT_SIGNER_PIN.',
    );
    this.name = 'SoftHsmMissingError';
  }
}

export interface SoftHsmSignerSpec {
  /** A folder of its own: softhsm2.conf and the token files. */
  dir: string;
  label: string;
  pin: string;
  soPin: string;
  /** The CA that certifies the key (the demo CA, a test root). */
  ca: Issued;
  commonName: string;
  organization: string;
  /** CKA_ID (hex) of the key and certificate. */
  keyId?: string;
}

const KEY_ID = '0d5e';

/**
 * A SoftHSM token holding the office's document-signer key, made if not there: the token is
 * initialised, an RSA-2048 key pair is generated INSIDE it (not extractable, sensitive), and its
 * public key is certified by `ca`; the certificate and the CA's are written to the token. A token
 * already there is reused; its certificate is renewed (same key) when `ca` no longer issued it or
 * it runs out within 30 days. Points SoftHSM at `dir` (SOFTHSM2_CONF: the module reads its
 * configuration from the environment) and answers the library path.
 */
export async function ensureSoftHsmDocumentSigner(spec: SoftHsmSignerSpec): Promise<{ library: string; keyId: string }> {
  if (!existsSync(SOFTHSM_LIBRARY)) throw new SoftHsmMissingError(SOFTHSM_LIBRARY);
  const tokens = path.join(spec.dir, 'tokens');
  await mkdir(tokens, { recursive: true, mode: 0o700 });
  const conf = path.join(spec.dir, 'softhsm2.conf');
  if (!existsSync(conf))
    await writeFile(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;
  const keyId = spec.keyId ?? KEY_ID;

  if (!(await tokenPresent(spec.label))) {
    try {
      await run('softhsm2-util', ['--init-token', '--free', '--label', spec.label, '--pin', spec.pin, '--so-pin', spec.soPin], {
        env: { ...process.env, SOFTHSM2_CONF: conf },
        timeout: 30_000,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SoftHsmMissingError('softhsm2-util');
      throw err;
    }
  }

  const p11 = new pkcs11js.PKCS11();
  p11.load(SOFTHSM_LIBRARY);
  p11.C_Initialize();
  try {
    const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === spec.label);
    if (!slot) throw new Error(`the SoftHSM token "${spec.label}" did not appear in ${tokens}`);
    const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    p11.C_Login(session, pkcs11js.CKU_USER, spec.pin);
    try {
      const id = Buffer.from(keyId, 'hex');
      const find = (template: pkcs11js.Template) => {
        p11.C_FindObjectsInit(session, template);
        try {
          return p11.C_FindObjects(session, 16);
        } finally {
          p11.C_FindObjectsFinal(session);
        }
      };
      let [publicKey] = find([
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
        { type: pkcs11js.CKA_ID, value: id },
      ]);
      if (!publicKey) {
        const label = `${spec.commonName}`;
        ({ publicKey } = p11.C_GenerateKeyPair(
          session,
          { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
          [
            { type: pkcs11js.CKA_TOKEN, value: true },
            { type: pkcs11js.CKA_VERIFY, value: true },
            { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
            { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
            { type: pkcs11js.CKA_ID, value: id },
            { type: pkcs11js.CKA_LABEL, value: label },
          ],
          [
            { type: pkcs11js.CKA_TOKEN, value: true },
            { type: pkcs11js.CKA_PRIVATE, value: true },
            { type: pkcs11js.CKA_SENSITIVE, value: true },
            { type: pkcs11js.CKA_EXTRACTABLE, value: false },
            { type: pkcs11js.CKA_SIGN, value: true },
            { type: pkcs11js.CKA_ID, value: id },
            { type: pkcs11js.CKA_LABEL, value: label },
          ],
        ));
      }
      const [modulus, exponent] = p11.C_GetAttributeValue(session, publicKey, [
        { type: pkcs11js.CKA_MODULUS },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT },
      ]);
      const keyObject = crypto.createPublicKey({
        key: { kty: 'RSA', n: modulus!.value.toString('base64url'), e: exponent!.value.toString('base64url') },
        format: 'jwk',
      });
      const certs = find([
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
        { type: pkcs11js.CKA_ID, value: id },
      ]);
      const caX509 = new crypto.X509Certificate(spec.ca.certDer);
      const current = certs
        .map((h) => new crypto.X509Certificate(p11.C_GetAttributeValue(session, h, [{ type: pkcs11js.CKA_VALUE }])[0]!.value))
        .find(
          (c) =>
            c.checkIssued(caX509) &&
            c.verify(caX509.publicKey) &&
            c.publicKey.equals(keyObject) &&
            new Date(c.validTo).getTime() > Date.now() + 30 * 86_400_000,
        );
      if (!current) {
        for (const h of certs) p11.C_DestroyObject(session, h);
        const leaf = issueCertificate(spec.ca, {
          commonName: spec.commonName,
          organization: spec.organization,
          organizationalUnit: 'Document signer',
          keyUsage: { digitalSignature: true, nonRepudiation: true },
          publicKey: keyObject,
        });
        const x509 = new crypto.X509Certificate(leaf.certDer);
        const writeCert = (der: Buffer, certId: Buffer, label: string) =>
          p11.C_CreateObject(session, [
            { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
            { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
            { type: pkcs11js.CKA_TOKEN, value: true },
            { type: pkcs11js.CKA_PRIVATE, value: false },
            { type: pkcs11js.CKA_ID, value: certId },
            { type: pkcs11js.CKA_LABEL, value: label },
            { type: pkcs11js.CKA_SUBJECT, value: subjectDer(der) },
            { type: pkcs11js.CKA_VALUE, value: der },
          ]);
        writeCert(leaf.certDer, id, `${spec.commonName}`);
        // the CA's certificate too (an id of its own, matching no key), so the chain travels with the token
        const caId = Buffer.from(`ca${spec.ca.serialHex.slice(0, 8)}`, 'hex');
        const haveCa = find([
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_ID, value: caId },
        ]);
        if (!haveCa.length) writeCert(spec.ca.certDer, caId, `CA ${x509.issuer.split('\n').find((l) => l.startsWith('CN=')) ?? ''}`);
      }
    } finally {
      try {
        p11.C_Logout(session);
      } catch {
        /* already out */
      }
      p11.C_CloseSession(session);
    }
  } finally {
    p11.C_Finalize();
    p11.close();
  }
  return { library: SOFTHSM_LIBRARY, keyId };
}

/** The DER of a certificate's subject name (PKCS#11 wants it beside the certificate). */
function subjectDer(der: Buffer): Buffer {
  const cert = pkijs.Certificate.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength));
  return Buffer.from(cert.subject.toSchema().toBER(false));
}

async function tokenPresent(label: string): Promise<boolean> {
  const p11 = new pkcs11js.PKCS11();
  p11.load(SOFTHSM_LIBRARY);
  p11.C_Initialize();
  try {
    return p11.C_GetSlotList(true).some((s) => {
      const info = p11.C_GetTokenInfo(s);
      return info.flags & pkcs11js.CKF_TOKEN_INITIALIZED && info.label.trim() === label;
    });
  } finally {
    p11.C_Finalize();
    p11.close();
  }
}
