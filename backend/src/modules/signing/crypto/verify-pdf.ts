import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import type * as pkijs from 'pkijs';
import { certificateDer, cmsIntegrity, parseCms } from './cms.js';
import { certificateFacts, type Revocation, type TrustStore } from './certificates.js';
import { digestByteRange } from './pades.js';

export type Problem =
  | 'badByteRange' | 'badCms' | 'digestMismatch' | 'untrusted' | 'notValidAtSigning' | 'keyUsage' | 'revoked' | 'revocationUnknown'
  | 'notWholeDocument' | 'noSigningCertificateV2';

export interface SignatureCheck {
  signer: string;
  signerCertificate: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string; fingerprint: string } | null;
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
  problems: Problem[];
}

/** Full check of one detached CMS over content with the given digest (notes, and each PDF signature). */
export async function checkCms(store: TrustStore, cmsBytes: Buffer, contentDigest: Buffer, claimedTime: Date | null) {
  const problems: Problem[] = [];
  let cms;
  try {
    cms = parseCms(cmsBytes);
  } catch {
    return null;
  }
  const integrity = await cmsIntegrity(cms, contentDigest);
  if (!integrity) problems.push('digestMismatch');
  const leaf = cms.signerCertificate;
  const signingTime = cms.signingTime ?? claimedTime;
  if (!leaf) return { cms, integrity: false, problems: [...problems, 'badCms' as const], facts: null, trusted: false, validAtSigning: false, revocation: { status: 'unknown', note: 'no signer certificate' } as Revocation, signingTime };
  const facts = certificateFacts(leaf);
  const at = signingTime ?? new Date();
  const others = cms.certificates.filter((c) => !certificateDer(c).equals(certificateDer(leaf)));
  const chain = await store.validateChain(leaf, others, at);
  if (!chain.trusted) problems.push('untrusted');
  const validAtSigning = facts.notBefore <= at && at <= facts.notAfter;
  if (!validAtSigning) problems.push('notValidAtSigning');
  if (!facts.keyUsageOk) problems.push('keyUsage');
  const issuer: pkijs.Certificate | undefined = chain.path[1] ?? others.find((c) => c.subject.isEqual(leaf.issuer));
  const revocation = await store.revocation(leaf, issuer);
  if (revocation.status === 'revoked') problems.push('revoked');
  if (revocation.status === 'unknown') problems.push('revocationUnknown');
  if (!cms.hasSigningCertificateV2) problems.push('noSigningCertificateV2');
  return { cms, integrity, problems, facts, trusted: chain.trusted, validAtSigning, revocation, signingTime };
}

/** DER length of the object at the start of `b` (a /Contents is zero-padded after it). */
function derLength(b: Buffer): number {
  if (b.length < 2) return b.length;
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return Math.min(b.length, 2 + n + len);
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

export type PdfCheck = { isPdf: false } | { isPdf: true; readable: false } | { isPdf: true; readable: true; signatures: (SignatureCheck & { fingerprint: string | null })[] };

/** Checks every signature of any PDF: ours or not, PAdES or adbe.pkcs7.detached. */
export async function verifyPdf(store: TrustStore, pdf: Buffer): Promise<PdfCheck> {
  if (!pdf.subarray(0, 1024).includes('%PDF-')) return { isPdf: false };
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    return { isPdf: true, readable: false };
  }
  const signatures: (SignatureCheck & { fingerprint: string | null })[] = [];
  for (const dict of signatureDictionaries(doc)) {
    const problems: Problem[] = [];
    const range = dict.lookupMaybe(PDFName.of('ByteRange'), PDFArray)?.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) ?? [];
    const contentsObj = dict.get(PDFName.of('Contents'));
    const raw = contentsObj instanceof PDFHexString ? Buffer.from(contentsObj.asBytes()) : contentsObj instanceof PDFString ? Buffer.from(contentsObj.asBytes()) : Buffer.alloc(0);
    const cmsBytes = raw.subarray(0, derLength(raw));
    const [a, b, c, d] = range;
    // The range must start at 0 and leave out exactly the hex string /Contents <...>.
    const rangeOk = range.length === 4 && range.every((n) => Number.isInteger(n) && n >= 0) && a === 0 && c! > b! && c! + d! <= pdf.length && pdf[b!] === 0x3c && pdf[c! - 1] === 0x3e;
    if (!rangeOk) problems.push('badByteRange');
    const coversWholeDocument = rangeOk && c! + d! === pdf.length;
    if (rangeOk && !coversWholeDocument) problems.push('notWholeDocument');
    const claimed = pdfDate(text(dict.get(PDFName.of('M'))));
    const base = {
      subFilter: text(dict.get(PDFName.of('SubFilter')))?.replace(/^\//, '') ?? null,
      reason: text(dict.get(PDFName.of('Reason'))),
      coversWholeDocument,
    };
    const checked = rangeOk ? await checkCms(store, cmsBytes, digestByteRange(pdf, range), claimed) : null;
    if (!checked || !checked.facts) {
      signatures.push({
        ...base, signer: text(dict.get(PDFName.of('Name'))) ?? '?', signerCertificate: null, fingerprint: null, integrity: false, trusted: false, certificateValidAtSigning: false,
        keyUsageOk: false, certificateClass: null, signingTime: claimed?.toISOString() ?? null, revocation: 'unknown', revocationNote: '', problems: [...problems, 'badCms'],
      });
      continue;
    }
    const f = checked.facts;
    signatures.push({
      ...base,
      signer: f.commonName,
      signerCertificate: { subject: f.subject, issuer: f.issuer, serialNumber: f.serialNumber, notBefore: f.notBefore.toISOString(), notAfter: f.notAfter.toISOString(), fingerprint: f.fingerprint },
      fingerprint: f.fingerprint,
      integrity: rangeOk && checked.integrity,
      trusted: checked.trusted,
      certificateValidAtSigning: checked.validAtSigning,
      keyUsageOk: f.keyUsageOk,
      certificateClass: f.certificateClass,
      signingTime: checked.signingTime?.toISOString() ?? null,
      revocation: checked.revocation.status,
      revocationNote: checked.revocation.note,
      problems: [...problems, ...checked.problems],
    });
  }
  return { isPdf: true, readable: true, signatures };
}

