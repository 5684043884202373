import { constants, createHash, createPublicKey, createVerify, verify, webcrypto, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * CMS (RFC 5652) for detached signatures made on a token: the backend computes the signed
 * attributes, the token signs only their SHA-256, the backend assembles the SignedData.
 * Profile: CAdES-BES / PAdES baseline B (`ETSI.CAdES.detached`): content-type, message-digest and
 * signingCertificateV2 signed attributes; no signing-time for PDFs (the time is the PDF's /M).
 */

let engineSet = false;
/** pkijs needs a WebCrypto engine for signature checks; Node's is complete. */
export function pkijsEngine(): void {
  if (engineSet) return;
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never }));
  engineSet = true;
}

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

export const sha256 = (data: Uint8Array | Buffer | string): Buffer => createHash('sha256').update(data).digest();
const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const der = (o: { toSchema(): asn1js.AsnType }): Buffer => Buffer.from(o.toSchema().toBER(false));

/**
 * A certificate as read: its encoding is the DER it was read from. pkijs re-parses a certificate's TBS
 * on every encoding (each signature embeds the chain, each ESS certificate id hashes the DER), which was
 * a tenth of a document signer's work per pass; a certificate read is never changed, so it is encoded once.
 */
class ReadCertificate extends pkijs.Certificate {
  constructor(
    readonly der: Buffer,
    private readonly asn: asn1js.Sequence,
  ) {
    super({ schema: asn });
    // the issuer is encoded into every signature (issuer and serial, ESS certificate id); pkijs parses it again each time
    const issuer = this.issuer.toSchema();
    this.issuer.toSchema = () => issuer;
  }
  override toSchema(): asn1js.Sequence {
    return this.asn;
  }
}

export function parseCertificate(derBytes: Uint8Array): pkijs.Certificate {
  const asn = asn1js.fromBER(ab(derBytes));
  if (asn.offset === -1) throw new Error('not a DER certificate');
  return new ReadCertificate(Buffer.from(derBytes), asn.result as asn1js.Sequence);
}

export const certificateDer = (cert: pkijs.Certificate): Buffer => (cert instanceof ReadCertificate ? cert.der : der(cert));

export type KeyAlgorithm = 'RSA' | 'EC';
const keyAlgorithmOf = (cert: pkijs.Certificate): KeyAlgorithm =>
  cert.subjectPublicKeyInfo.algorithm.algorithmId === OID.ecPublicKey ? 'EC' : 'RSA';

/** ESS signingCertificateV2 (RFC 5035): SHA-256 of the signer's certificate plus issuer and serial. */
function signingCertificateV2(cert: pkijs.Certificate): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new pkijs.GeneralName({ type: 4, value: cert.issuer }).toSchema()] }), cert.serialNumber],
  });
  // hashAlgorithm is DEFAULT sha256 and therefore omitted in DER.
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: ab(sha256(certificateDer(cert))) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

export interface PreparedSignature {
  /** The signed attributes as signed: DER of the SET (tag 0x31). */
  signedAttrsDer: Buffer;
  /** SHA-256 of signedAttrsDer — the 32 bytes the token signs. */
  digest: Buffer;
}

/**
 * The signed attributes for content with the given SHA-256, sorted as a DER SET OF.
 * `signingTime` only for non-PDF content (notes); PAdES puts the time in the signature dictionary.
 */
/** An attribute with its DER (what the SET OF is sorted by). */
interface EncodedAttribute {
  attribute: pkijs.Attribute;
  schema: asn1js.Sequence;
  der: Buffer;
}
const encodeAttribute = (attribute: pkijs.Attribute): EncodedAttribute => {
  const schema = attribute.toSchema();
  return { attribute, schema, der: Buffer.from(schema.toBER(false)) };
};

/** The attributes that depend only on the signer's certificate (content type, ESS certificate id), encoded once per certificate. */
const fixedAttributes = new WeakMap<pkijs.Certificate, EncodedAttribute[]>();
function fixedAttributesOf(cert: pkijs.Certificate): EncodedAttribute[] {
  let fixed = fixedAttributes.get(cert);
  if (!fixed)
    fixedAttributes.set(
      cert,
      (fixed = [
        encodeAttribute(new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] })),
        encodeAttribute(new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(cert)] })),
      ]),
    );
  return fixed;
}

/** The attributes of a signature prepared in this process, for assembling it without parsing its DER again. */
const preparedAttributes = new WeakMap<PreparedSignature, pkijs.Attribute[]>();

/**
 * The signed attributes for content with the given SHA-256, sorted as a DER SET OF.
 * `signingTime` only for non-PDF content (notes); PAdES puts the time in the signature dictionary.
 */
export function prepareSignedAttributes(contentDigest: Buffer, cert: pkijs.Certificate, signingTime?: Date): PreparedSignature {
  pkijsEngine();
  const attrs = [
    ...fixedAttributesOf(cert),
    encodeAttribute(new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(contentDigest) })] })),
  ];
  if (signingTime)
    attrs.push(encodeAttribute(new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] })));
  attrs.sort((a, b) => Buffer.compare(a.der, b.der));
  const body = Buffer.concat(attrs.map((a) => a.der));
  const signedAttrsDer = Buffer.from(new asn1js.Set({ value: attrs.map((a) => a.schema) }).toBER(false));
  if (!signedAttrsDer.subarray(signedAttrsDer.length - body.length).equals(body))
    throw new Error('signed attributes did not encode canonically');
  const prepared = { signedAttrsDer, digest: sha256(signedAttrsDer) };
  preparedAttributes.set(
    prepared,
    attrs.map((a) => a.attribute),
  );
  return prepared;
}

/** Checks a token's signature over `data` (the token signed SHA-256 of it) with the certificate's public key. */
const publicKeys = new WeakMap<pkijs.Certificate, KeyObject>();
const publicKeyOf = (cert: pkijs.Certificate): KeyObject => {
  let key = publicKeys.get(cert);
  if (!key) {
    const spki = Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER(false));
    publicKeys.set(cert, (key = createPublicKey({ key: spki, format: 'der', type: 'spki' })));
  }
  return key;
};

export function signedBy(data: Buffer, signature: Buffer, cert: pkijs.Certificate): boolean {
  const key = publicKeyOf(cert);
  try {
    return verify('sha256', data, keyAlgorithmOf(cert) === 'EC' ? { key, dsaEncoding: 'der' } : key, signature);
  } catch {
    return false;
  }
}

/** Checks a raw token signature over the prepared signed attributes. */
export async function signatureMatches(prepared: PreparedSignature, signature: Buffer, cert: pkijs.Certificate): Promise<boolean> {
  return signedBy(prepared.signedAttrsDer, signature, cert);
}

/** Assembles the detached SignedData (ContentInfo, DER) from the token's signature. */
export function assembleSignedData(
  prepared: PreparedSignature,
  signature: Buffer,
  cert: pkijs.Certificate,
  chain: pkijs.Certificate[],
): Buffer {
  pkijsEngine();
  const attributes =
    preparedAttributes.get(prepared) ??
    ((asn1js.fromBER(ab(prepared.signedAttrsDer)).result as asn1js.Set).valueBlock.value as asn1js.Sequence[]).map(
      (s) => new pkijs.Attribute({ schema: s }),
    );
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    signatureAlgorithm:
      keyAlgorithmOf(cert) === 'EC'
        ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 })
        : new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: ab(signature) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...chain.filter((c) => !certificateDer(c).equals(certificateDer(cert)))],
    signerInfos: [signerInfo],
  });
  const out = Buffer.from(
    new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }).toSchema().toBER(false),
  );
  // The SET as signed must be exactly what is embedded (re-tagged [0]).
  const embedded = Buffer.from((signerInfo.signedAttrs as pkijs.SignedAndUnsignedAttributes).toSchema().toBER(false));
  if (!embedded.subarray(1).equals(prepared.signedAttrsDer.subarray(1))) throw new Error('signed attributes changed while assembling');
  return out;
}

export interface ParsedCms {
  signedData: pkijs.SignedData;
  signer: pkijs.SignerInfo;
  signerCertificate: pkijs.Certificate | null;
  certificates: pkijs.Certificate[];
  /** DER of the signed attributes as signed (tag 0x31), or null without signed attributes. */
  signedAttrsDer: Buffer | null;
  messageDigest: Buffer | null;
  signingTime: Date | null;
  hasSigningCertificateV2: boolean;
  /** The encapsulated content type (id-data for a signature, id-ct-TSTInfo for a timestamp token). */
  eContentType: string;
  /** The encapsulated content, or null for a detached signature. */
  eContent: Buffer | null;
}

/** Parses a ContentInfo/SignedData in BER or DER (anything after the first value, such as a /Contents' zero padding, is ignored). */
export function parseCms(bytes: Uint8Array): ParsedCms {
  pkijsEngine();
  const asn = asn1js.fromBER(ab(bytes));
  if (asn.offset === -1) throw new Error('not BER');
  const info = new pkijs.ContentInfo({ schema: asn.result });
  if (info.contentType !== OID.signedData) throw new Error('not CMS SignedData');
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signer = signedData.signerInfos[0];
  if (!signer) throw new Error('no signer');
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  let signerCertificate: pkijs.Certificate | null = null;
  const sid: unknown = signer.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    signerCertificate = certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
  } else if (sid instanceof asn1js.Constructed || sid instanceof asn1js.Primitive) {
    // [0] SubjectKeyIdentifier
    const wanted = Buffer.from(
      sid instanceof asn1js.Primitive
        ? sid.valueBlock.valueHexView
        : ((sid.valueBlock.value[0] as asn1js.OctetString | undefined)?.valueBlock.valueHexView ?? new Uint8Array()),
    );
    signerCertificate = certificates.find((c) => subjectKeyIdentifier(c)?.equals(wanted)) ?? null;
  }
  let signedAttrsDer: Buffer | null = null;
  let messageDigest: Buffer | null = null;
  let signingTime: Date | null = null;
  let hasSigningCertificateV2 = false;
  if (signer.signedAttrs) {
    // The bytes as received (re-encoding could differ from what was signed), re-tagged as a SET.
    const raw = Buffer.from(signer.signedAttrs.encodedValue);
    signedAttrsDer = raw.length ? raw : Buffer.from(signer.signedAttrs.toSchema().toBER(false));
    signedAttrsDer[0] = 0x31;
    for (const a of signer.signedAttrs.attributes) {
      const v: unknown = a.values[0];
      if (a.type === OID.messageDigest && v instanceof asn1js.OctetString) messageDigest = Buffer.from(v.getValue());
      if (a.type === OID.signingTime && (v instanceof asn1js.UTCTime || v instanceof asn1js.GeneralizedTime)) signingTime = v.toDate();
      if (a.type === OID.signingCertificateV2) hasSigningCertificateV2 = true;
    }
  }
  const encap = signedData.encapContentInfo;
  const eContent = encap.eContent ? Buffer.from(encap.eContent.getValue()) : null;
  return {
    signedData,
    signer,
    signerCertificate,
    certificates,
    signedAttrsDer,
    messageDigest,
    signingTime,
    hasSigningCertificateV2,
    eContentType: encap.eContentType,
    eContent,
  };
}

function subjectKeyIdentifier(cert: pkijs.Certificate): Buffer | null {
  const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.14');
  const v: unknown = ext?.parsedValue;
  return v instanceof asn1js.OctetString ? Buffer.from(v.getValue()) : null;
}

export type DigestName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

const DIGEST_OIDS: Record<string, DigestName> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** Signature algorithms that name their hash (some signers also put these in digestAlgorithm). */
const RSA_WITH: Record<string, DigestName> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const ECDSA_WITH: Record<string, DigestName> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';

/** The digest an AlgorithmIdentifier names (a plain digest, or a signature algorithm with its digest). */
export const digestNamed = (oid: string): DigestName | null => DIGEST_OIDS[oid] ?? RSA_WITH[oid] ?? ECDSA_WITH[oid] ?? null;
/** "SHA-256" for display. */
export const digestLabel = (d: DigestName): string => `SHA-${d.slice(3)}`;

/** Digest of content given as chunks (a PDF's ByteRange is two). */
export function digestOf(alg: DigestName, parts: readonly Uint8Array[]): Buffer {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}

interface SignatureScheme {
  hash: DigestName;
  key: 'rsa' | 'ec';
  pssSaltLength?: number;
}

/** How the SignerInfo's signature value is checked: RSA PKCS#1 v1.5, RSASSA-PSS (MGF1 with the same hash) or ECDSA. */
function signatureScheme(alg: pkijs.AlgorithmIdentifier, digest: DigestName): SignatureScheme | null {
  const oid = alg.algorithmId;
  if (oid === OID.rsaEncryption) return { hash: digest, key: 'rsa' };
  if (RSA_WITH[oid]) return { hash: RSA_WITH[oid], key: 'rsa' };
  if (oid === OID.ecPublicKey) return { hash: digest, key: 'ec' };
  if (ECDSA_WITH[oid]) return { hash: ECDSA_WITH[oid], key: 'ec' };
  if (oid === RSASSA_PSS) {
    const params = new pkijs.RSASSAPSSParams(alg.algorithmParams instanceof asn1js.Sequence ? { schema: alg.algorithmParams } : {});
    const hash = DIGEST_OIDS[params.hashAlgorithm.algorithmId];
    const mgf = params.maskGenAlgorithm;
    const mgfParams: unknown = mgf.algorithmParams;
    const mgfHash =
      mgfParams instanceof asn1js.Sequence ? DIGEST_OIDS[new pkijs.AlgorithmIdentifier({ schema: mgfParams }).algorithmId] : 'sha1';
    // node:crypto uses MGF1 with the signature's own hash; other combinations are not in use
    if (!hash || mgf.algorithmId !== MGF1 || mgfHash !== hash || params.trailerField !== 1) return null;
    return { hash, key: 'rsa', pssSaltLength: params.saltLength };
  }
  return null;
}

function verifySignatureValue(parts: readonly Uint8Array[], signature: Buffer, cert: pkijs.Certificate, scheme: SignatureScheme): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER(false)), format: 'der', type: 'spki' });
    const type = key.asymmetricKeyType;
    if (scheme.key === 'ec' ? type !== 'ec' : type !== 'rsa' && type !== 'rsa-pss') return false;
    const v = createVerify(scheme.hash);
    for (const p of parts) v.update(p);
    if (scheme.key === 'ec') return v.verify({ key, dsaEncoding: 'der' }, signature);
    if (scheme.pssSaltLength !== undefined)
      return v.verify({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.pssSaltLength }, signature);
    return v.verify({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
}

export type IntegrityFailure = 'unsupportedAlgorithm' | 'digestMismatch' | 'badSignature' | 'noSignerCertificate';
export interface Integrity {
  ok: boolean;
  /** The digest the SignerInfo names, when known. */
  digest: DigestName | null;
  failure: IntegrityFailure | null;
}

/**
 * Integrity of the (first) SignerInfo over `content`, given as chunks: the digest is the one the
 * SignerInfo names; with signed attributes their message digest must equal the content's and the
 * signature is checked over them, without them the signature is checked over the content itself.
 * The encapsulated content is never looked at here: callers decide what the signed content is.
 */
export function signerIntegrity(cms: ParsedCms, content: readonly Uint8Array[]): Integrity {
  const digest = digestNamed(cms.signer.digestAlgorithm.algorithmId);
  const fail = (failure: IntegrityFailure): Integrity => ({ ok: false, digest, failure });
  if (!digest) return fail('unsupportedAlgorithm');
  if (!cms.signerCertificate) return fail('noSignerCertificate');
  const scheme = signatureScheme(cms.signer.signatureAlgorithm, digest);
  if (!scheme) return fail('unsupportedAlgorithm');
  const signature = Buffer.from(cms.signer.signature.valueBlock.valueHexView);
  if (cms.signedAttrsDer) {
    if (!cms.messageDigest || !cms.messageDigest.equals(digestOf(digest, content))) return fail('digestMismatch');
    return verifySignatureValue([cms.signedAttrsDer], signature, cms.signerCertificate, scheme)
      ? { ok: true, digest, failure: null }
      : fail('badSignature');
  }
  return verifySignatureValue(content, signature, cms.signerCertificate, scheme)
    ? { ok: true, digest, failure: null }
    : fail('digestMismatch');
}
