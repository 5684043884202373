import * as asn1js from 'asn1js';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { berLength } from './ber.js';
import {
  certificateDer,
  digestLabel,
  digestNamed,
  digestOf,
  parseCms,
  signerIntegrity,
  type DigestName,
  type Integrity,
  type ParsedCms,
} from './cms.js';
import { certificateFacts, commonNameOf, type CertificateFacts, type Revocation, type TrustStore } from './certificates.js';

/**
 * The public verifier. Every PDF signature is checked the way an independent verifier (pdfsig,
 * Acrobat) checks it: over the bytes the /ByteRange names, with the digest the SignerInfo names.
 * A CMS that brings its own content is refused (except `adbe.pkcs7.sha1`, whose content is by
 * definition the SHA-1 of the ByteRange): its signature says nothing about this document.
 * Document timestamps (RFC 3161, `/Type /DocTimeStamp`) are reported as timestamps.
 */

export type Problem =
  | 'badByteRange'
  | 'badCms'
  | 'digestMismatch'
  | 'badSignature'
  | 'notDetached'
  | 'unsupportedAlgorithm'
  | 'weakDigest'
  | 'untrusted'
  | 'notValidAtSigning'
  | 'keyUsage'
  | 'revoked'
  | 'revocationUnknown'
  | 'notWholeDocument'
  | 'noSigningCertificateV2'
  | 'badTimestamp'
  | 'notTimestampingCertificate';

export type EntryKind = 'signature' | 'timestamp';

export interface TimestampFacts {
  /** genTime of the token. */
  time: string;
  /** The TSA's name from the token, else its certificate's common name. */
  authority: string;
  policy: string;
  serialNumber: string;
  /** The digest of the message imprint. */
  hashAlgorithm: string | null;
}

export interface SignatureCheck {
  kind: EntryKind;
  signer: string;
  signerCertificate: {
    subject: string;
    issuer: string;
    serialNumber: string;
    notBefore: string;
    notAfter: string;
    fingerprint: string;
  } | null;
  integrity: boolean;
  coversWholeDocument: boolean;
  trusted: boolean;
  certificateValidAtSigning: boolean;
  keyUsageOk: boolean;
  certificateClass: string | null;
  signingTime: string | null;
  revocation: Revocation['status'];
  revocationNote: string;
  subFilter: string | null;
  reason: string | null;
  /** "SHA-256": the digest the signature (or the timestamp's imprint) was made with. */
  digestAlgorithm: string | null;
  /** The /ByteRange as written, when it is four integers. */
  byteRange: number[] | null;
  timestamp: TimestampFacts | null;
  problems: Problem[];
}

const ID_CT_TSTINFO = '1.2.840.113549.1.9.16.1.4';
const KP_TIMESTAMPING = '1.3.6.1.5.5.7.3.8';
const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

const integrityProblem = (i: Integrity): Problem | null => (i.failure === 'noSignerCertificate' ? 'badCms' : i.failure);

/** RFC 3161 §2.3: a TSA's certificate has the one critical extended key usage id-kp-timeStamping. */
function isTsaCertificate(cert: pkijs.Certificate): boolean {
  const eku = cert.extensions?.find((e) => e.extnID === '2.5.29.37');
  const purposes = (eku?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  return !!eku?.critical && purposes.includes(KP_TIMESTAMPING);
}

/** Chain, validity at `at`, key usage (a signer's, or a TSA's) and revocation of the signer's certificate. */
async function certificateChecks(store: TrustStore, cms: ParsedCms, leaf: pkijs.Certificate, at: Date, role: 'signer' | 'tsa') {
  const problems: Problem[] = [];
  const facts = certificateFacts(leaf);
  const others = cms.certificates.filter((c) => !certificateDer(c).equals(certificateDer(leaf)));
  const chain = await store.validateChain(leaf, others, at);
  if (!chain.trusted) problems.push('untrusted');
  const validAtSigning = facts.notBefore <= at && at <= facts.notAfter;
  if (!validAtSigning) problems.push('notValidAtSigning');
  const keyUsageOk = facts.keyUsageOk && (role === 'signer' || isTsaCertificate(leaf));
  if (!keyUsageOk) problems.push(role === 'signer' ? 'keyUsage' : 'notTimestampingCertificate');
  const issuer: pkijs.Certificate | undefined = chain.path[1] ?? others.find((c) => c.subject.isEqual(leaf.issuer));
  const revocation = await store.revocation(leaf, issuer);
  if (revocation.status === 'revoked') problems.push('revoked');
  if (revocation.status === 'unknown') problems.push('revocationUnknown');
  return { facts: { ...facts, keyUsageOk }, trusted: chain.trusted, validAtSigning, revocation, problems };
}

export interface CmsCheck {
  cms: ParsedCms;
  integrity: boolean;
  digest: DigestName | null;
  problems: Problem[];
  facts: CertificateFacts | null;
  trusted: boolean;
  validAtSigning: boolean;
  revocation: Revocation;
  signingTime: Date | null;
}

/**
 * Full check of one CMS signature over `content` (chunks: a PDF's ByteRange is two) — notes, and
 * each PDF signature. `subFilter` is the PDF signature's; `cades` asks for signingCertificateV2.
 * Null when the bytes are not a CMS SignedData at all.
 */
export async function checkCms(
  store: TrustStore,
  cmsBytes: Uint8Array,
  content: readonly Uint8Array[],
  claimedTime: Date | null,
  o: { subFilter?: string | null; cades?: boolean } = {},
): Promise<CmsCheck | null> {
  let cms: ParsedCms;
  try {
    cms = parseCms(cmsBytes);
  } catch {
    return null;
  }
  const problems: Problem[] = [];
  let integrity: Integrity;
  if (o.subFilter === 'adbe.pkcs7.sha1') {
    // The encapsulated content is the SHA-1 of the signed bytes; the signature is over it.
    const named = digestNamed(cms.signer.digestAlgorithm.algorithmId);
    if (!cms.eContent || !cms.eContent.equals(digestOf('sha1', content)))
      integrity = { ok: false, digest: named, failure: 'digestMismatch' };
    else integrity = signerIntegrity(cms, [cms.eContent]);
    problems.push('weakDigest');
  } else if (cms.eContent) {
    // Signed content of its own: not a detached signature of this document, whatever it verifies against.
    integrity = { ok: false, digest: digestNamed(cms.signer.digestAlgorithm.algorithmId), failure: null };
    problems.push('notDetached');
  } else {
    integrity = signerIntegrity(cms, content);
  }
  if (integrity.digest === 'sha1' && !problems.includes('weakDigest')) problems.push('weakDigest');
  const failure = integrityProblem(integrity);
  if (failure) problems.push(failure);
  const leaf = cms.signerCertificate;
  const signingTime = cms.signingTime ?? claimedTime;
  if (!leaf) {
    if (!problems.includes('badCms')) problems.push('badCms');
    return {
      cms,
      integrity: false,
      digest: integrity.digest,
      problems,
      facts: null,
      trusted: false,
      validAtSigning: false,
      revocation: { status: 'unknown', note: 'no signer certificate' },
      signingTime,
    };
  }
  const cert = await certificateChecks(store, cms, leaf, signingTime ?? new Date(), 'signer');
  if (o.cades && !cms.hasSigningCertificateV2) cert.problems.push('noSigningCertificateV2');
  return {
    cms,
    integrity: integrity.ok,
    digest: integrity.digest,
    problems: [...problems, ...cert.problems],
    facts: cert.facts,
    trusted: cert.trusted,
    validAtSigning: cert.validAtSigning,
    revocation: cert.revocation,
    signingTime,
  };
}

export interface TimestampCheck extends CmsCheck {
  timestamp: TimestampFacts | null;
  imprintDigest: DigestName | null;
}

/** An RFC 3161 token over `content`: the imprint is the content's digest, the token's signature holds, the TSA certificate is one. */
async function checkTimestamp(store: TrustStore, tokenBytes: Uint8Array, content: readonly Uint8Array[]): Promise<TimestampCheck | null> {
  let cms: ParsedCms;
  try {
    cms = parseCms(tokenBytes);
  } catch {
    return null;
  }
  const problems: Problem[] = [];
  let tst: pkijs.TSTInfo | null = null;
  if (cms.eContentType === ID_CT_TSTINFO && cms.eContent) {
    try {
      const asn = asn1js.fromBER(ab(cms.eContent));
      tst = asn.offset === -1 ? null : new pkijs.TSTInfo({ schema: asn.result });
    } catch {
      tst = null;
    }
  }
  if (!tst || !cms.eContent) {
    return {
      cms,
      integrity: false,
      digest: null,
      imprintDigest: null,
      problems: ['badTimestamp'],
      facts: null,
      trusted: false,
      validAtSigning: false,
      revocation: { status: 'unknown', note: '' },
      signingTime: null,
      timestamp: null,
    };
  }
  const imprintDigest = digestNamed(tst.messageImprint.hashAlgorithm.algorithmId);
  const imprintOk =
    imprintDigest !== null &&
    Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(digestOf(imprintDigest, content));
  if (!imprintDigest) problems.push('unsupportedAlgorithm');
  else if (!imprintOk) problems.push('digestMismatch');
  const token = signerIntegrity(cms, [cms.eContent]);
  const failure = integrityProblem(token);
  if (failure && !problems.includes(failure)) problems.push(failure);
  if (imprintDigest === 'sha1' || token.digest === 'sha1') problems.push('weakDigest');
  const leaf = cms.signerCertificate;
  const time = tst.genTime;
  const authorityName =
    tst.tsa?.type === 4 && tst.tsa.value instanceof pkijs.RelativeDistinguishedNames ? commonNameOf(tst.tsa.value) : null;
  const timestamp: TimestampFacts = {
    time: time.toISOString(),
    authority: authorityName ?? (leaf ? commonNameOf(leaf.subject) : '?'),
    policy: tst.policy,
    serialNumber: Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex'),
    hashAlgorithm: imprintDigest ? digestLabel(imprintDigest) : null,
  };
  const integrity = imprintOk && token.ok;
  if (!leaf) {
    if (!problems.includes('badCms')) problems.push('badCms');
    return {
      cms,
      integrity: false,
      digest: token.digest,
      imprintDigest,
      problems,
      facts: null,
      trusted: false,
      validAtSigning: false,
      revocation: { status: 'unknown', note: 'no signer certificate' },
      signingTime: time,
      timestamp,
    };
  }
  const cert = await certificateChecks(store, cms, leaf, time, 'tsa');
  return {
    cms,
    integrity,
    digest: token.digest,
    imprintDigest,
    problems: [...problems, ...cert.problems],
    facts: cert.facts,
    trusted: cert.trusted,
    validAtSigning: cert.validAtSigning,
    revocation: cert.revocation,
    signingTime: time,
    timestamp,
  };
}

/** "D:20261122153000+05'30'" → Date. */
function pdfDate(s: string | null): Date | null {
  const m = s && /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', tz] = m;
  const zone = !tz || tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5) || '00'}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A signature dictionary as found in the file, by pdf-lib or by scanning the raw bytes. */
interface SignatureField {
  byteRange: number[];
  contents: Buffer;
  subFilter: string | null;
  type: string | null;
  reason: string | null;
  name: string | null;
  time: string | null;
}

function text(o: PDFObject | undefined): string | null {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  if (o instanceof PDFName) return o.decodeText();
  return null;
}

/** Signature dictionaries of every signature field (nested fields included). */
function signatureDictionaries(doc: PDFDocument): PDFDict[] {
  const acro = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acro?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  const out: PDFDict[] = [];
  const seen = new Set<PDFDict>();
  const walk = (arr: PDFArray | undefined) => {
    for (const item of arr?.asArray() ?? []) {
      const field = item instanceof PDFRef ? doc.context.lookup(item) : item;
      if (!(field instanceof PDFDict) || seen.has(field)) continue;
      seen.add(field);
      const v = field.lookup(PDFName.of('V'));
      if (field.get(PDFName.of('FT'))?.toString() === '/Sig' && v instanceof PDFDict) out.push(v);
      walk(field.lookupMaybe(PDFName.of('Kids'), PDFArray));
    }
  };
  walk(fields);
  return out;
}

/** The signature fields pdf-lib finds through the AcroForm; null when it cannot read the document. */
async function fieldsFromStructure(pdf: Buffer): Promise<SignatureField[] | null> {
  try {
    const doc = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
    if (!(doc.catalog instanceof PDFDict)) return null;
    return signatureDictionaries(doc).map((dict) => {
      const range = dict.lookup(PDFName.of('ByteRange'));
      const contents = dict.lookup(PDFName.of('Contents'));
      return {
        byteRange: range instanceof PDFArray ? range.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) : [],
        contents: contents instanceof PDFHexString || contents instanceof PDFString ? Buffer.from(contents.asBytes()) : Buffer.alloc(0),
        subFilter: text(dict.get(PDFName.of('SubFilter')))?.replace(/^\//, '') ?? null,
        type: text(dict.get(PDFName.of('Type')))?.replace(/^\//, '') ?? null,
        reason: text(dict.lookup(PDFName.of('Reason'))),
        name: text(dict.lookup(PDFName.of('Name'))),
        time: text(dict.lookup(PDFName.of('M'))),
      };
    });
  } catch {
    return null;
  }
}

/** A PDF literal string's bytes (escapes resolved), decoded as PDFDocEncoding/latin1 or UTF-16BE with BOM. */
function literal(s: string | undefined): string | null {
  if (s === undefined) return null;
  const bytes = s.replace(
    /\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))/gs,
    (_, oct: string | undefined, eol: string | undefined, c: string | undefined) => {
      if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff);
      if (eol) return '';
      return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[c!] ?? c!;
    },
  );
  const buf = Buffer.from(bytes, 'latin1');
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)))
      .swap16()
      .toString('utf16le');
  return bytes;
}

/**
 * Signature dictionaries found by scanning the raw bytes for `/ByteRange [...]`: for files whose
 * cross-reference layout the structural parser does not follow. The signature dictionary cannot
 * sit in an object stream (its /Contents must be outside the signed bytes), so it is always there
 * in plain text.
 */
function fieldsFromBytes(pdf: Buffer): SignatureField[] {
  const s = pdf.toString('latin1');
  const out: SignatureField[] = [];
  for (const m of s.matchAll(/\/ByteRange\s*\[\s*([-+]?\d+)\s+([-+]?\d+)\s+([-+]?\d+)\s+([-+]?\d+)\s*\]/g)) {
    const from = Math.max(0, s.lastIndexOf('endobj', m.index));
    const next = s.indexOf('endobj', m.index);
    const dict = s.slice(from, next < 0 ? s.length : next);
    const hex = /\/Contents\s*<([0-9a-fA-F\s]*)>/.exec(dict)?.[1]?.replace(/\s+/g, '') ?? '';
    const name = (key: string) => new RegExp(`/${key}\\s*/([^\\s/<>\\[\\]()]+)`).exec(dict)?.[1] ?? null;
    const str = (key: string) => literal(new RegExp(`/${key}\\s*\\(((?:\\\\.|[^\\\\)])*)\\)`, 's').exec(dict)?.[1]);
    out.push({
      byteRange: m.slice(1, 5).map(Number),
      contents: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'),
      subFilter: name('SubFilter'),
      type: /\/Type\s*\/DocTimeStamp\b/.test(dict) ? 'DocTimeStamp' : name('Type'),
      reason: str('Reason'),
      name: str('Name'),
      time: str('M'),
    });
  }
  return out;
}

/** The ByteRange is [0, b, c, d]: everything but the hex string /Contents <…>, within the file. */
function rangeWithin(pdf: Buffer, range: number[]): range is [number, number, number, number] {
  if (range.length !== 4 || !range.every((n) => Number.isSafeInteger(n) && n >= 0)) return false;
  const [a, b, c, d] = range as [number, number, number, number];
  return a === 0 && b > 0 && c > b && c + d <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
}

const gapKey = (f: SignatureField) => `${f.byteRange[1]}:${f.byteRange[2]}`;

/** pdf-lib's fields, plus any well-formed signature it missed; all of the scan when pdf-lib found none. */
function mergeFields(pdf: Buffer, structural: SignatureField[] | null, scanned: SignatureField[]): SignatureField[] {
  if (!structural?.length) return scanned;
  const known = new Set(structural.map(gapKey));
  const missed = scanned.filter((f) => !known.has(gapKey(f)) && rangeWithin(pdf, f.byteRange));
  const order = (f: SignatureField) => (rangeWithin(pdf, f.byteRange) ? f.byteRange[1] : Number.MAX_SAFE_INTEGER);
  return [...structural, ...missed]
    .map((f, i) => ({ f, i }))
    .sort((x, y) => order(x.f) - order(y.f) || x.i - y.i)
    .map(({ f }) => f);
}

async function checkField(store: TrustStore, pdf: Buffer, f: SignatureField): Promise<SignatureCheck & { fingerprint: string | null }> {
  const problems: Problem[] = [];
  const range = f.byteRange;
  const rangeOk = rangeWithin(pdf, range);
  if (!rangeOk) problems.push('badByteRange');
  const coversWholeDocument = rangeOk && range[2] + range[3] === pdf.length;
  if (rangeOk && !coversWholeDocument) problems.push('notWholeDocument');
  const content = rangeOk ? [pdf.subarray(0, range[1]), pdf.subarray(range[2], range[2] + range[3])] : [];
  // A /Contents is zero-padded after the CMS; BER signers end it with end-of-contents octets.
  const length = berLength(f.contents);
  const cmsBytes = length > 0 ? f.contents.subarray(0, length) : f.contents;
  const kind: EntryKind = f.type === 'DocTimeStamp' || f.subFilter === 'ETSI.RFC3161' ? 'timestamp' : 'signature';
  const claimed = pdfDate(f.time);
  const ts = kind === 'timestamp' ? await checkTimestamp(store, cmsBytes, content) : null;
  const checked: CmsCheck | null =
    kind === 'timestamp'
      ? ts
      : await checkCms(store, cmsBytes, content, claimed, { subFilter: f.subFilter, cades: f.subFilter === 'ETSI.CAdES.detached' });
  const digest = ts ? ts.imprintDigest : (checked?.digest ?? null);
  const base = {
    kind,
    subFilter: f.subFilter,
    reason: f.reason,
    coversWholeDocument,
    byteRange: range.length === 4 && range.every(Number.isSafeInteger) ? range : null,
    timestamp: ts?.timestamp ?? null,
    digestAlgorithm: digest ? digestLabel(digest) : null,
  };
  // Over a ByteRange that is not one, "the digest does not match" says nothing more.
  const own = (checked?.problems ?? []).filter((p) => rangeOk || p !== 'digestMismatch');
  if (!checked || !checked.facts) {
    return {
      ...base,
      signer: f.name ?? '?',
      signerCertificate: null,
      fingerprint: null,
      integrity: false,
      trusted: false,
      certificateValidAtSigning: false,
      keyUsageOk: false,
      certificateClass: null,
      signingTime: checked?.signingTime?.toISOString() ?? claimed?.toISOString() ?? null,
      revocation: 'unknown',
      revocationNote: '',
      problems: [...problems, ...own, ...(own.includes('badCms') || own.includes('badTimestamp') ? [] : ['badCms' as const])],
    };
  }
  const c = checked.facts;
  return {
    ...base,
    signer: kind === 'timestamp' ? (base.timestamp?.authority ?? c.commonName) : c.commonName,
    signerCertificate: {
      subject: c.subject,
      issuer: c.issuer,
      serialNumber: c.serialNumber,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      fingerprint: c.fingerprint,
    },
    fingerprint: c.fingerprint,
    integrity: rangeOk && checked.integrity,
    trusted: checked.trusted,
    certificateValidAtSigning: checked.validAtSigning,
    keyUsageOk: c.keyUsageOk,
    certificateClass: c.certificateClass,
    signingTime: checked.signingTime?.toISOString() ?? null,
    revocation: checked.revocation.status,
    revocationNote: checked.revocation.note,
    problems: [...problems, ...own],
  };
}

function unreadableEntry(f: SignatureField): SignatureCheck & { fingerprint: string | null } {
  const timestamp = f.type === 'DocTimeStamp' || f.subFilter === 'ETSI.RFC3161';
  return {
    kind: timestamp ? 'timestamp' : 'signature',
    signer: f.name ?? '?',
    signerCertificate: null,
    fingerprint: null,
    integrity: false,
    coversWholeDocument: false,
    trusted: false,
    certificateValidAtSigning: false,
    keyUsageOk: false,
    certificateClass: null,
    signingTime: null,
    revocation: 'unknown',
    revocationNote: '',
    subFilter: f.subFilter,
    reason: f.reason,
    digestAlgorithm: null,
    byteRange: null,
    timestamp: null,
    problems: [timestamp ? 'badTimestamp' : 'badCms'],
  };
}

export type PdfCheck =
  | { isPdf: false }
  | { isPdf: true; readable: false }
  | { isPdf: true; readable: true; signatures: (SignatureCheck & { fingerprint: string | null })[] };

/** Checks every signature and document timestamp of any PDF: ours or not, PAdES, PKCS#7, BER or DER. */
export async function verifyPdf(store: TrustStore, pdf: Buffer): Promise<PdfCheck> {
  if (!pdf.subarray(0, 1024).includes('%PDF-')) return { isPdf: false };
  const structural = await fieldsFromStructure(pdf);
  const fields = mergeFields(pdf, structural, fieldsFromBytes(pdf));
  if (!structural && !fields.length) return { isPdf: true, readable: false };
  const signatures: (SignatureCheck & { fingerprint: string | null })[] = [];
  for (const f of fields) {
    try {
      signatures.push(await checkField(store, pdf, f));
    } catch {
      // hostile or broken structures inside a CMS or certificate: whatever it is, it is not a signature that holds
      signatures.push(unreadableEntry(f));
    }
  }
  return { isPdf: true, readable: true, signatures };
}
