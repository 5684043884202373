import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDemoPki } from '@patravali/signing-agent/demo-pki';
import type { Deps } from '../../shared/scope.js';
import { openPkcs11DocumentSigner, type DocumentSigner } from '../../infra/hsm/document-signer.js';
import { ensureSoftHsmDocumentSigner } from '../../infra/hsm/softhsm.js';
import { demoCaOn, demoPkiDir } from '../signing/index.js';

const signers = new WeakMap<Deps, Promise<DocumentSigner>>();

/** The demo token's PIN: made once, kept beside the token in the data directory (never in the repository). */
async function demoSecret(dir: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(9).toString('base64url');
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    return (await readFile(file, 'utf8')).trim();
  }
}

/**
 * The demo district's document signer: a SoftHSM token in DATA_DIR/document-signer whose key was
 * generated inside it and certified by the demo CA (the one the demo trusts). Made on first use.
 */
async function demoDocumentSigner(deps: Deps): Promise<DocumentSigner> {
  const dir = path.join(deps.env.DATA_DIR, 'document-signer');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pin = await demoSecret(dir, 'pin');
  const soPin = await demoSecret(dir, 'so-pin');
  const { ca } = ensureDemoPki(demoPkiDir(deps));
  const label = deps.env.DOCUMENT_SIGNER_TOKEN_LABEL;
  const { library, keyId } = await ensureSoftHsmDocumentSigner({
    dir,
    label,
    pin,
    soPin,
    ca,
    commonName: 'Document Signer, Patravali Demo District',
    organization: 'Patravali Demo District',
  });
  return openPkcs11DocumentSigner({ library, tokenLabel: label, pin, keyId });
}

/**
 * The office's document signer of this process, opened on first use: the configured HSM
 * (DOCUMENT_SIGNER_PKCS11_LIBRARY, _TOKEN_LABEL, _PIN, _KEY_ID) or, in demo mode, the demo SoftHSM token.
 * A failure is not cached: the next job tries again.
 */
export function documentSigner(deps: Deps): Promise<DocumentSigner> {
  let signer = signers.get(deps);
  if (!signer) {
    const env = deps.env;
    signer = env.DOCUMENT_SIGNER_PKCS11_LIBRARY
      ? openPkcs11DocumentSigner({
          library: env.DOCUMENT_SIGNER_PKCS11_LIBRARY,
          tokenLabel: env.DOCUMENT_SIGNER_TOKEN_LABEL,
          pin: env.DOCUMENT_SIGNER_PIN!,
          keyId: env.DOCUMENT_SIGNER_KEY_ID,
        })
      : demoCaOn(deps)
        ? demoDocumentSigner(deps)
        : Promise.reject(
            new Error(
              'no document signer is configured: set DOCUMENT_SIGNER_PKCS11_LIBRARY, DOCUMENT_SIGNER_TOKEN_LABEL and DOCUMENT_SIGNER_PIN (README, "Passes and certificates")',
            ),
          );
    signers.set(deps, signer);
    signer.catch(() => signers.delete(deps));
  }
  return signer;
}

/** Closes the HSM session of this process (at shutdown). */
export async function closeDocumentSigner(deps: Deps): Promise<void> {
  const signer = signers.get(deps);
  signers.delete(deps);
  if (signer) await (await signer.catch(() => null))?.close();
}
