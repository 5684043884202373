/**
 * Certificate tooling for test and demo PKIs: CAs, officer (DSC-like) certificates, CRLs and .pfx files.
 *
 * Certificates and CRLs are built with pkijs and signed synchronously with node:crypto (one code path
 * for RSA and P-256 subject keys; forge cannot encode EC keys and pkijs' own sign() is async).
 * PKCS#12 files are written with node-forge. Keys come from node:crypto (forge keygen is ~100x slower).
 * Never used for real officers' keys: those stay on their USB tokens.
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import forge from 'node-forge';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto }));

export interface Issued {
  certPem: string;
  keyPem: string;
  certDer: Buffer;
  serialHex: string;
}

export interface CaOptions {
  commonName: string;
  organization?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Makes an intermediate CA signed by this parent. */
  parent?: Issued;
}

export interface LeafOptions {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  email?: string;
  state?: string;
  /** Default: now − 1 day. */
  notBefore?: Date;
  /** Default: now + 2 years. */
  notAfter?: Date;
  /** Default: digitalSignature + nonRepudiation. */
  keyUsage?: { digitalSignature?: boolean; nonRepudiation?: boolean; keyEncipherment?: boolean };
  /** Default: ['2.16.356.100.2.3'] (CCA India Class 3). */
  policyOids?: string[];
  /** Adds a CRL distribution point. */
  crlUrl?: string;
  /** 'ec' = P-256. Default 'rsa' (2048 bits). */
  keyType?: 'rsa' | 'ec';
  /** Certify this public key (made where it stays, e.g. in an HSM) instead of making a key pair: `keyPem` is then empty. */
  publicKey?: crypto.KeyObject;
}

export const CLASS3_POLICY_OID = '2.16.356.100.2.3';

const OID = {
  country: '2.5.4.6',
  state: '2.5.4.8',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  sha256WithRSA: '1.2.840.113549.1.1.11',
} as const;

const DAY = 86_400_000;

/** A CA certificate (CA:true, keyCertSign + cRLSign, SKI); self-signed, or an intermediate when `parent` is given. */
export function createCa(o: CaOptions): Issued {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  const subject = buildName({ commonName: o.commonName, organization: o.organization });
  const issuer = o.parent ? parseCert(o.parent.certDer) : undefined;
  const spki = publicKeyInfo(publicKey);
  const extensions = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: true }).toSchema().toBER(false),
    }),
    keyUsageExtension({ keyCertSign: true, cRLSign: true }),
    new pkijs.Extension({
      extnID: OID.subjectKeyIdentifier,
      extnValue: new asn1js.OctetString({ valueHex: keyIdentifier(spki) }).toBER(false),
    }),
    authorityKeyIdExtension(issuer ? subjectKeyIdentifierOf(issuer) : keyIdentifier(spki)),
  ];
  return finish({
    subject,
    issuer: issuer ? issuer.subject : subject,
    spki,
    notBefore: o.notBefore ?? new Date(now - DAY),
    notAfter: o.notAfter ?? new Date(now + 10 * 365 * DAY),
    extensions,
    signingKey: o.parent ? crypto.createPrivateKey(o.parent.keyPem) : privateKey,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
}

/** An officer's signing certificate issued by `ca`, shaped like an Indian Class 3 DSC. */
export function issueCertificate(ca: Issued, o: LeafOptions): Issued {
  const pair = o.publicKey
    ? { publicKey: o.publicKey, privateKey: null }
    : o.keyType === 'ec'
      ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  const caCert = parseCert(ca.certDer);
  const spki = publicKeyInfo(pair.publicKey);
  const usage = o.keyUsage ?? { digitalSignature: true, nonRepudiation: true };
  const extensions: pkijs.Extension[] = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false),
    }),
    keyUsageExtension(usage),
    new pkijs.Extension({
      extnID: OID.certificatePolicies,
      extnValue: new pkijs.CertificatePolicies({
        certificatePolicies: (o.policyOids ?? [CLASS3_POLICY_OID]).map(
          (policyIdentifier) => new pkijs.PolicyInformation({ policyIdentifier }),
        ),
      })
        .toSchema()
        .toBER(false),
    }),
    new pkijs.Extension({
      extnID: OID.subjectKeyIdentifier,
      extnValue: new asn1js.OctetString({ valueHex: keyIdentifier(spki) }).toBER(false),
    }),
    authorityKeyIdExtension(subjectKeyIdentifierOf(caCert)),
  ];
  if (o.email) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.subjectAltName,
        extnValue: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 1, value: o.email })] }).toSchema().toBER(false),
      }),
    );
  }
  if (o.crlUrl) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.crlDistributionPoints,
        extnValue: new pkijs.CRLDistributionPoints({
          distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [new pkijs.GeneralName({ type: 6, value: o.crlUrl })] })],
        })
          .toSchema()
          .toBER(false),
      }),
    );
  }
  return finish({
    subject: buildName(o),
    issuer: caCert.subject,
    spki,
    notBefore: o.notBefore ?? new Date(now - DAY),
    notAfter: o.notAfter ?? new Date(now + 2 * 365 * DAY),
    extensions,
    signingKey: crypto.createPrivateKey(ca.keyPem),
    keyPem: pair.privateKey ? pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() : '',
  });
}

/** A DER CRL (v2, with CRL number and authority key identifier) signed by `ca`. */
export function createCrl(
  ca: Issued,
  revoked: { serialHex: string; date?: Date }[],
  o: { thisUpdate?: Date; nextUpdate?: Date } = {},
): Buffer {
  const caCert = parseCert(ca.certDer);
  const thisUpdate = o.thisUpdate ?? new Date();
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    issuer: caCert.subject,
    thisUpdate: time(thisUpdate),
    nextUpdate: time(o.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * DAY)),
    crlExtensions: new pkijs.Extensions({
      extensions: [
        authorityKeyIdExtension(subjectKeyIdentifierOf(caCert)),
        new pkijs.Extension({
          extnID: OID.crlNumber,
          extnValue: new asn1js.Integer({ value: Math.floor(thisUpdate.getTime() / 1000) }).toBER(false),
        }),
      ],
    }),
  });
  if (revoked.length) {
    crl.revokedCertificates = revoked.map(
      (r) =>
        new pkijs.RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: bufferToArrayBuffer(Buffer.from(r.serialHex, 'hex')) }),
          revocationDate: time(r.date ?? thisUpdate),
        }),
    );
  }
  const algorithm = sha256WithRsa();
  crl.signature = algorithm;
  crl.signatureAlgorithm = algorithm;
  // encodeTBS is protected on CertificateRevocationList (public on Certificate); sign() uses it the same way.
  crl.tbsView = new Uint8Array((crl as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS().toBER(false));
  crl.signatureValue = new asn1js.BitString({
    valueHex: bufferToArrayBuffer(crypto.sign('sha256', crl.tbsView, crypto.createPrivateKey(ca.keyPem))),
  });
  return Buffer.from(crl.toSchema().toBER(false));
}

/** A PKCS#12 (.pfx) holding the leaf's RSA key, its certificate and the chain (3DES, SHA-1 MAC; friendlyName = CN). */
export function toPfx(leaf: Issued, chain: Issued[], password: string): Buffer {
  const x509 = new crypto.X509Certificate(leaf.certDer);
  if (x509.publicKey.asymmetricKeyType !== 'rsa') throw new Error('toPfx: only RSA keys can be written to a .pfx here');
  const key = forge.pki.privateKeyFromPem(leaf.keyPem);
  const certs = [leaf, ...chain].map((c) => forge.pki.certificateFromPem(c.certPem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, {
    algorithm: '3des',
    friendlyName: commonNameOf(x509.subject),
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function finish(p: {
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  spki: pkijs.PublicKeyInfo;
  notBefore: Date;
  notAfter: Date;
  extensions: pkijs.Extension[];
  signingKey: crypto.KeyObject;
  keyPem: string;
}): Issued {
  const serial = randomSerial();
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: bufferToArrayBuffer(serial) }),
    issuer: p.issuer,
    subject: p.subject,
    notBefore: time(p.notBefore),
    notAfter: time(p.notAfter),
    subjectPublicKeyInfo: p.spki,
    extensions: p.extensions,
  });
  const algorithm = sha256WithRsa();
  cert.signature = algorithm;
  cert.signatureAlgorithm = algorithm;
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.signatureValue = new asn1js.BitString({ valueHex: bufferToArrayBuffer(crypto.sign('sha256', cert.tbsView, p.signingKey)) });
  const certDer = Buffer.from(cert.toSchema().toBER(false));
  return { certPem: derToPem(certDer, 'CERTIFICATE'), keyPem: p.keyPem, certDer, serialHex: serial.toString('hex') };
}

/** 16 random bytes, positive and minimally encoded (first byte 0x01..0x7f). */
function randomSerial(): Buffer {
  const serial = crypto.randomBytes(16);
  serial[0] = serial[0]! & 0x7f || 0x01;
  return serial;
}

function buildName(o: {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  state?: string;
}): pkijs.RelativeDistinguishedNames {
  const attrs: pkijs.AttributeTypeAndValue[] = [
    new pkijs.AttributeTypeAndValue({ type: OID.country, value: new asn1js.PrintableString({ value: 'IN' }) }),
  ];
  const utf8 = (type: string, value: string | undefined) => {
    if (value) attrs.push(new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) }));
  };
  utf8(OID.state, o.state);
  utf8(OID.organization, o.organization);
  utf8(OID.organizationalUnit, o.organizationalUnit);
  utf8(OID.commonName, o.commonName);
  // One attribute per RDN (pkijs would put them all into one multi-valued RDN); parsing the encoded
  // Name back keeps these exact bytes for toSchema().
  const name = new asn1js.Sequence({ value: attrs.map((a) => new asn1js.Set({ value: [a.toSchema()] })) });
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(name.toBER(false)).result });
}

function keyUsageExtension(u: {
  digitalSignature?: boolean;
  nonRepudiation?: boolean;
  keyEncipherment?: boolean;
  keyCertSign?: boolean;
  cRLSign?: boolean;
}): pkijs.Extension {
  // KeyUsage bit 0 is the most significant bit of the first byte.
  const bits = [u.digitalSignature, u.nonRepudiation, u.keyEncipherment, false, false, u.keyCertSign, u.cRLSign];
  let value = 0;
  let last = -1;
  bits.forEach((on, i) => {
    if (on) {
      value |= 0x80 >> i;
      last = i;
    }
  });
  const unused = last < 0 ? 0 : 7 - last;
  const bitString = new asn1js.BitString({ valueHex: new Uint8Array([value]).buffer, unusedBits: unused });
  return new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: bitString.toBER(false) });
}

function authorityKeyIdExtension(keyId: ArrayBuffer): pkijs.Extension {
  return new pkijs.Extension({
    extnID: OID.authorityKeyIdentifier,
    extnValue: new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: keyId }) }).toSchema().toBER(false),
  });
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
function keyIdentifier(spki: pkijs.PublicKeyInfo): ArrayBuffer {
  return bufferToArrayBuffer(crypto.createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest());
}

function subjectKeyIdentifierOf(cert: pkijs.Certificate): ArrayBuffer {
  const ext = cert.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  if (!ext) return keyIdentifier(cert.subjectPublicKeyInfo);
  const octets = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result as asn1js.OctetString;
  return bufferToArrayBuffer(Buffer.from(octets.valueBlock.valueHexView));
}

function publicKeyInfo(key: crypto.KeyObject): pkijs.PublicKeyInfo {
  const der = key.export({ type: 'spki', format: 'der' });
  return new pkijs.PublicKeyInfo({ schema: asn1js.fromBER(bufferToArrayBuffer(der)).result });
}

function parseCert(der: Buffer): pkijs.Certificate {
  return pkijs.Certificate.fromBER(bufferToArrayBuffer(der));
}

function sha256WithRsa(): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() });
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(d: Date): pkijs.Time {
  return new pkijs.Time({ type: d.getUTCFullYear() < 2050 ? 0 : 1, value: d });
}

function commonNameOf(subject: string): string {
  return /^CN=(.*)$/m.exec(subject)?.[1] ?? subject;
}

export function derToPem(der: Buffer, label: string): string {
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function bufferToArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
