import { z } from 'zod';
import { id, isoDate, pageQuery, paginated, text } from '../../shared/schemas.js';
import { DOCUMENT_SIGNERS, ISSUED_DOCUMENT_STATUSES } from './passes.entity.js';

const bi = z.object({ hi: z.string(), en: z.string() });
export const DOCUMENT_KINDS = ['pass', 'visitor', 'certificate', 'report'] as const;
/** What a document is now: `pending` (not yet signed), then by its validity, or `cancelled`. */
export const DOCUMENT_STATES = ['pending', 'valid', 'notYetValid', 'expired', 'cancelled'] as const;

/** An issued document as its applicant and the staff who may see its application see it. */
export const issuedDocumentOut = z.object({
  id,
  kind: z.enum(DOCUMENT_KINDS),
  referenceNumber: z.string(),
  service: bi,
  holderName: z.string(),
  /** `aadhaar:0123`: the ID proof's kind and last four digits. */
  maskedId: z.string().nullable(),
  status: z.enum(ISSUED_DOCUMENT_STATUSES),
  state: z.enum(DOCUMENT_STATES),
  signer: z.enum(DOCUMENT_SIGNERS),
  /** `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`, India time. */
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  permitted: z.string().nullable(),
  vehicle: z.string().nullable(),
  office: bi,
  /** The authority, by designation and office (never a name). */
  authority: z.object({ designation: bi, office: bi }),
  /** The signed QR token (shown as the QR). */
  token: z.string(),
  /** The short link's path, `/p/<linkId>`. */
  linkPath: z.string(),
  /** Where the signed PDF downloads from (null until signed). */
  pdfUrl: z.string().nullable(),
  issuedAt: z.string(),
  signedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.int(),
  abilities: z.object({ cancel: z.boolean() }),
});
export type IssuedDocumentOut = z.infer<typeof issuedDocumentOut>;

/**
 * The short link's page, for anyone holding the link: the pass with its QR while it can be used; once
 * expired or cancelled only that fact (no holder details, no QR, no PDF).
 */
export const publicPassOut = z.object({
  state: z.enum(DOCUMENT_STATES),
  kind: z.enum(DOCUMENT_KINDS),
  referenceNumber: z.string(),
  service: bi,
  office: bi,
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  pass: z
    .object({
      holderName: z.string(),
      maskedId: z.string().nullable(),
      permitted: z.string().nullable(),
      vehicle: z.string().nullable(),
      authority: z.object({ designation: bi, office: bi }),
      token: z.string(),
      pdfUrl: z.string().nullable(),
    })
    .nullable(),
});

export const linkParams = z.object({ linkId: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/) });
export const refParams = z.object({ ref: z.string().min(3).max(80) });
export const idParams = z.object({ id });
export const cancelIn = z.object({ reason: text(500).min(3), version: z.int().min(1) });
export const revokedOut = z.object({ generatedAt: z.string(), ids: z.array(z.string()) });

export const registerQuery = pageQuery.extend({
  from: isoDate.optional(),
  to: isoDate.optional(),
  kind: z.enum(DOCUMENT_KINDS).optional(),
  status: z.enum(ISSUED_DOCUMENT_STATUSES).optional(),
});
export const registerEntryOut = z.object({
  id,
  referenceNumber: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  service: z.string(),
  holderName: z.string(),
  status: z.enum(ISSUED_DOCUMENT_STATUSES),
  state: z.enum(DOCUMENT_STATES),
  signer: z.enum(DOCUMENT_SIGNERS),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  issuedAt: z.string(),
  signedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  authority: bi,
});
export const registerOut = paginated(registerEntryOut);
