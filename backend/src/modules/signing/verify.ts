import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../../shared/i18n.js';
import { t } from '../../shared/i18n.js';
import type { Deps } from '../../shared/scope.js';
import { OfficeSchema } from '../org/index.js';
import { sha256 } from './crypto/cms.js';
import { checkToken } from './crypto/qr-token.js';
import { verifyPdf } from './crypto/verify-pdf.js';
import { isDemoIssuer, trustStoreFor } from './trust.js';
import { publishedKeys } from './verification-keys.js';
import { DispatchEntrySchema, SigningCertificateSchema, type DispatchEntry } from './signing.entity.js';
import { verifyAddons } from './verify-addons.js';

async function issuedSummary(em: EntityManager, e: DispatchEntry, sha: string | null) {
  const office = await em.findOneOrFail(OfficeSchema, { id: e.office.id });
  return {
    issueNumber: e.issueNumber,
    date: e.letterDate,
    subject: e.subject,
    office: office.nameEn,
    officeHi: office.nameHi,
    status: e.status,
    signers: e.signers.map((s) => ({ name: s.name, signedAt: s.signedAt })),
    sha256: e.documentHashes.at(-1) ?? null,
    matchesLatest: sha !== null && e.documentHashes.at(-1) === sha,
  };
}

/**
 * Checks any PDF — ours or not — the way an independent verifier would, and says whether it is
 * exactly a document we issued. Open to the public: the subject of a letter is shown only to
 * someone who already holds the letter (the hash matched) or its QR.
 */
export async function verifyUpload(em: EntityManager, deps: Deps, locale: Locale, file: Buffer | null) {
  if (!file || !file.length) return { isPdf: false, message: t(locale, 'verify.noFile'), signatures: [], issued: null };
  // a file the verifier trips over is, for the public, a PDF that could not be read — logged as the verifier's bug it is
  const result = await verifyPdf(trustStoreFor(deps), file).catch((err: unknown) => {
    deps.log.error({ err, size: file.length }, 'the PDF verifier failed on an uploaded file');
    return { isPdf: true, readable: false, signatures: [] } as const;
  });
  if (!result.isPdf) return { isPdf: false, message: t(locale, 'verify.notPdf'), signatures: [], issued: null };
  if (!result.readable) return { isPdf: true, message: t(locale, 'verify.unreadable'), signatures: [], issued: null };
  const sha = sha256(file).toString('hex');
  const [hit] = await em
    .getConnection()
    .execute<{ id: string }[]>('select id from dispatch_entry where document_hashes @> array[?]::text[] limit 1', [sha]);
  const entry = hit ? await em.findOne(DispatchEntrySchema, { id: hit.id }) : null;
  const fingerprints = result.signatures.map((s) => s.fingerprint).filter((f): f is string => !!f);
  const enrolled = new Set(
    fingerprints.length ? (await em.find(SigningCertificateSchema, { fingerprint: { $in: fingerprints } })).map((c) => c.fingerprint) : [],
  );
  const signatures = result.signatures.map(({ fingerprint, ...s }) => ({
    ...s,
    enrolledOfficer: fingerprint ? enrolled.has(fingerprint) : false,
    ...(isDemoIssuer(s.signerCertificate?.issuer) ? { demoCertificate: true as const } : {}),
  }));
  const allGood =
    signatures.length > 0 &&
    signatures.every((s) => s.integrity && s.trusted && s.certificateValidAtSigning && s.keyUsageOk && s.revocation !== 'revoked') &&
    signatures.some((s) => s.coversWholeDocument);
  const count = signatures.filter((s) => s.kind === 'signature').length;
  const timestamps = signatures.length - count;
  const message = !signatures.length
    ? t(locale, 'verify.noSignatures')
    : !allGood
      ? t(locale, 'verify.problems')
      : !count
        ? t(locale, 'verify.onlyTimestamps', { timestamps })
        : timestamps
          ? t(locale, 'verify.allValidWithTimestamps', { count, timestamps })
          : t(locale, 'verify.allValid', { count });
  const demo = signatures.some((s) => s.demoCertificate);
  return {
    isPdf: true,
    message: demo ? `${message} ${t(locale, 'verify.demoCertificate')}` : message,
    signatures,
    issued: entry ? await issuedSummary(em, entry, sha) : null,
    pass: entry ? null : await verifyAddons.use.passBySha256(em, sha),
  };
}

/** The QR's target: the token checked with our keys, and the register entry it names. */
export async function verifyCode(em: EntityManager, token: string) {
  const pass = await verifyAddons.use.passToken(em, token);
  if (pass)
    return {
      token: { valid: pass.verdict !== 'forged', reason: pass.verdict === 'forged' ? 'badSignature' : null, payload: null },
      document: null,
      pass,
    };
  const check = checkToken(token, await publishedKeys(em));
  if (!check.valid) return { token: { valid: false, reason: check.reason, payload: null }, document: null };
  const entry = await em.findOne(DispatchEntrySchema, { issueNumber: check.payload.n });
  const document = entry && entry.qrToken === token && entry.contentHash === check.payload.h ? await issuedSummary(em, entry, null) : null;
  return { token: { valid: true, reason: null, payload: check.payload }, document };
}

export async function verificationKeys(em: EntityManager) {
  return { keys: await publishedKeys(em) };
}
