import { assembleSignedData, parseCertificate, prepareSignedAttributes, signedBy } from './crypto/cms.js';
import { embedCms, preparePdf } from './crypto/pades.js';

/** A key that signs SHA-256 digests where it lives (an HSM through PKCS#11), with its certificate and chain (DER). */
export interface DigestSigner {
  certificate: Buffer;
  chain: Buffer[];
  signDigest(sha256: Buffer): Promise<Buffer>;
}

/** A signer's certificates parsed once (a worker seals thousands of documents with the same signer). */
const parsed = new WeakMap<DigestSigner, { cert: ReturnType<typeof parseCertificate>; chain: ReturnType<typeof parseCertificate>[] }>();
function parsedOf(signer: DigestSigner) {
  let hit = parsed.get(signer);
  if (!hit) parsed.set(signer, (hit = { cert: parseCertificate(signer.certificate), chain: signer.chain.map(parseCertificate) }));
  return hit;
}

/**
 * Signs a PDF as PAdES baseline B (the same profile as letters: ETSI.CAdES.detached, signingCertificateV2)
 * with a key that signs digests — the office's document signer in an HSM. The signature is checked
 * against the certificate before it is embedded, so a key that does not match its certificate fails here,
 * not at the verifier.
 */
export async function sealPdf(
  pdf: Buffer,
  o: { name: string; reason: string; location: string; contactInfo: string; signingTime: Date },
  signer: DigestSigner,
): Promise<Buffer> {
  const { cert, chain } = parsedOf(signer);
  const prepared = preparePdf(pdf, o);
  const attrs = prepareSignedAttributes(prepared.digest, cert);
  const signature = await signer.signDigest(attrs.digest);
  if (!signedBy(attrs.signedAttrsDer, signature, cert))
    throw new Error("the document signer's signature does not verify with its certificate");
  const cms = assembleSignedData(attrs, signature, cert, chain);
  return embedCms(prepared, cms);
}
