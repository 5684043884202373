import { z } from 'zod';
import { DISPATCH_MODES, DISPATCH_STATUSES, SIGN_ITEM_TYPES } from './signing.entity.js';
import { id, isoDate, pageQuery, paginated, text, version } from '../../shared/schemas.js';
import { periodInOrder, periodQuery, printLang } from '../../shared/print.js';

const b64 = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const digest = z.string().describe('SHA-256, base64 (32 bytes)');

export const signingConfigOut = z.object({ agentUrl: z.string(), demo: z.boolean(), requiredPolicyOid: z.string().nullable() });

export const challengeOut = z.object({ challengeId: id, title: z.string(), digest, expiresAt: z.string() });
export const enrolIn = z.strictObject({
  challengeId: id,
  certificate: b64(20_000),
  chain: z.array(b64(20_000)).max(10).default([]),
  signature: b64(2_000),
});
/** A certificate's class (from its policy) and whether this installation's demo CA issued it. */
const certificateKind = {
  certificateClass: z.string().nullable(),
  demoCertificate: z
    .literal(true)
    .optional()
    .describe(
      'present (true) when the certificate was issued by this installation’s demo CA (“Patravali Demo CA”): a demo certificate, not issued under the Controller of Certifying Authorities (CCA), India — say so instead of “issued under the CCA”',
    ),
};
const certificateOut = z.object({
  id,
  commonName: z.string(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  fingerprint: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  ...certificateKind,
  status: z.enum(['active', 'revoked', 'expired']),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  user: z.object({ id, name: z.string(), nameHi: z.string(), username: z.string() }),
});
export const certificateOneOut = z.object({ certificate: certificateOut });
export const certificatesOut = z.object({ certificates: z.array(certificateOut) });
export const certificateParams = z.object({ id });
export const revokeIn = z.strictObject({ reason: text(500).min(3) });

const recipient = z.strictObject({ name: text(300).min(1), address: text(1000).optional(), email: z.email().max(200).optional() });
const signItemIn = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('note'), fileId: id, noteId: id }),
  z.strictObject({
    type: z.literal('letter'),
    fileId: id,
    draftId: id,
    dispatch: z.strictObject({ mode: z.enum(DISPATCH_MODES), recipients: z.array(recipient).min(1).max(50) }),
  }),
  z.strictObject({ type: z.literal('countersign'), dispatchId: id }),
  /** An issued pass or certificate waiting for its approving officer's signature. */
  z.strictObject({ type: z.literal('pass'), documentId: id }),
]);
export const createRequestIn = z.strictObject({ certificateId: id, items: z.array(signItemIn).min(1).max(200) });
export const requestOut = z.object({
  id,
  expiresAt: z.string(),
  items: z.array(z.object({ index: z.int(), type: z.enum(SIGN_ITEM_TYPES), title: z.string(), digest })),
});
export const requestParams = z.object({ id });
export const completeIn = z.strictObject({
  certificate: b64(20_000),
  chain: z.array(b64(20_000)).max(10).default([]),
  signatures: z.array(b64(2_000)).min(1).max(200),
});

const dispatchOut = z.object({
  id,
  issueNumber: z.string(),
  serial: z.int(),
  year: z.int(),
  office: z.object({ id, name: z.string(), nameHi: z.string() }),
  file: z.object({ id, number: z.string() }),
  draftId: id,
  subject: z.string(),
  addressee: z.string(),
  mode: z.enum(DISPATCH_MODES),
  recipients: z.array(z.object({ name: z.string(), address: z.string().optional(), email: z.string().optional() })),
  status: z.enum(DISPATCH_STATUSES),
  letterDate: z.string(),
  issuedAt: z.string().nullable(),
  dispatchedAt: z.string().nullable(),
  dispatchReference: z.string().nullable(),
  remarks: z.string().nullable(),
  signers: z.array(z.object({ name: z.string(), signedAt: z.string() })),
  sha256: z.string().nullable(),
  documentUrl: z.string().nullable(),
  verifyPath: z.string(),
  version,
  abilities: z.object({ countersign: z.boolean(), dispatch: z.boolean() }),
});
export const pendingOut = z.object({
  notes: z.array(
    z.object({
      noteId: id,
      seq: z.int().nullable(),
      state: z.enum(['yellow', 'green']),
      excerpt: z.string(),
      createdAt: z.string(),
      file: z.object({ id, number: z.string(), subject: z.string() }),
    }),
  ),
  letters: z.array(
    z.object({
      draftId: id,
      subject: z.string(),
      addressee: z.string().nullable(),
      approvedAt: z.string().nullable(),
      file: z.object({ id, number: z.string() }),
    }),
  ),
  /** Passes and certificates the user approved that wait for their DSC (services whose documents the officer signs). */
  passes: z.array(
    z.object({ documentId: id, referenceNumber: z.string(), holderName: z.string(), kind: z.string(), issuedAt: z.string() }),
  ),
});
export const completeOut = z.object({
  items: z.array(
    z.object({
      index: z.int(),
      type: z.enum(SIGN_ITEM_TYPES),
      noteId: id.optional(),
      dispatch: dispatchOut.optional(),
      documentId: id.optional(),
    }),
  ),
});
export const dispatchQuery = pageQuery.extend({
  status: z.enum(DISPATCH_STATUSES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: text(200).optional(),
});
export const dispatchListOut = paginated(dispatchOut);
export const dispatchExportQuery = periodQuery
  .extend({
    status: z.enum(DISPATCH_STATUSES).optional().describe('only entries in this state (default: all but cancelled)'),
    q: text(200).optional(),
    format: z
      .enum(['pdf', 'csv'])
      .default('pdf')
      .describe('pdf: the register to print (A4 landscape); csv: for a spreadsheet (UTF-8 with BOM)'),
    lang: printLang,
  })
  .superRefine(periodInOrder);
export const dispatchParams = z.object({ id });
export const markDispatchedIn = z.strictObject({
  version,
  mode: z.enum(DISPATCH_MODES).optional(),
  reference: text(200).optional(),
  remarks: text(500).optional(),
});
export const dispatchOneOut = z.object({ entry: dispatchOut });

const problems = z.array(z.string());
const revocation = z.enum(['good', 'revoked', 'unknown']);
/** What was checked of the signer's certificate (a note's signature, an entry of a verified PDF). */
const certificateChecks = {
  trusted: z.boolean(),
  certificateValidAtSigning: z.boolean(),
  keyUsageOk: z.boolean(),
  ...certificateKind,
};
export const noteSignatureDetailOut = z.object({
  cms: z.string(),
  content: z.string(),
  verification: z.object({
    signer: z.string(),
    integrity: z.boolean(),
    ...certificateChecks,
    signingTime: z.string(),
    revocation,
    revocationNote: z.string(),
    problems,
  }),
});
export const noteSignatureParams = z.object({ id, noteId: id });

const issuedSummary = z.object({
  issueNumber: z.string(),
  date: z.string(),
  subject: z.string(),
  office: z.string(),
  officeHi: z.string(),
  status: z.enum(DISPATCH_STATUSES),
  signers: z.array(z.object({ name: z.string(), signedAt: z.string() })),
  sha256: z.string().nullable(),
  matchesLatest: z.boolean(),
});
const bi = z.object({ hi: z.string(), en: z.string() });
/** An issued pass or certificate (passes module) as the public verifier shows it: the verdict of its token and the register's state. */
export const issuedPassOut = z.object({
  verdict: z.enum(['valid', 'expired', 'notYetValid', 'cancelled', 'forged', 'wrongPlace']),
  kind: z.enum(['pass', 'visitor', 'certificate', 'report']),
  referenceNumber: z.string(),
  service: z.string(),
  holderName: z.string(),
  maskedId: z.string().nullable(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  permitted: z.string().nullable(),
  vehicle: z.string().nullable(),
  office: bi,
  status: z.enum(['pending', 'issued', 'cancelled']),
  /** Who signed the PDF: the office's document signer (HSM) or the approving officer's DSC — by designation and office. */
  signer: z.enum(['office', 'officer']),
  signedBy: bi,
  signedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** The PDF upload is exactly the document in the register. */
  matchesDocument: z.boolean(),
});
export const verifyReportOut = z.object({
  isPdf: z.boolean(),
  message: z.string(),
  /** Signatures and document timestamps (RFC 3161), in the order they were applied. */
  signatures: z.array(
    z.object({
      kind: z.enum(['signature', 'timestamp']),
      signer: z.string(),
      signerCertificate: z
        .object({
          subject: z.string(),
          issuer: z.string(),
          serialNumber: z.string(),
          notBefore: z.string(),
          notAfter: z.string(),
          fingerprint: z.string(),
        })
        .nullable(),
      integrity: z.boolean(),
      coversWholeDocument: z.boolean(),
      ...certificateChecks,
      signingTime: z.string().nullable(),
      revocation,
      revocationNote: z.string(),
      subFilter: z.string().nullable(),
      reason: z.string().nullable(),
      enrolledOfficer: z.boolean(),
      problems,
      /** "SHA-256": the digest of the signature, or of a timestamp's message imprint. */
      digestAlgorithm: z.string().nullable(),
      /** The /ByteRange the entry covers: [0, length before /Contents, offset after it, length after]. */
      byteRange: z.array(z.int()).nullable(),
      /** For a document timestamp: its time, the time-stamping authority, policy and serial. */
      timestamp: z
        .object({
          time: z.string(),
          authority: z.string(),
          policy: z.string(),
          serialNumber: z.string(),
          hashAlgorithm: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
  issued: issuedSummary.nullable(),
  /** The upload is an issued pass or certificate. */
  pass: issuedPassOut.nullable().optional(),
});
export const verifyCodeParams = z.object({ token: z.string().min(10).max(2000) });
export const verifyCodeOut = z.object({
  token: z.object({
    valid: z.boolean(),
    reason: z.string().nullable(),
    payload: z.object({ n: z.string(), d: z.string(), o: z.string(), h: z.string(), iss: z.string() }).nullable(),
  }),
  document: issuedSummary.nullable(),
  /** A pass's or certificate's token (JWS typ pv-pass): its verdict and the issued document; absent for a letter's. */
  pass: issuedPassOut.nullable().optional(),
});
export const keysOut = z.object({ keys: z.array(z.record(z.string(), z.string())) });
