import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfficeSchema, PostSchema, UserSchema } from '../org/index.js';
import { ApplicationSchema } from '../applications/index.js';
import type { PassClaims } from './pass-token.js';

/**
 * `pending` — created with the approval, its PDF not yet rendered and signed (a job does that);
 * `issued` — signed, in the register, deliverable; `cancelled` — by an authority, with a reason (on the
 * revocation list; the short link and the verifier say so).
 */
export const ISSUED_DOCUMENT_STATUSES = ['pending', 'issued', 'cancelled'] as const;
export type IssuedDocumentStatus = (typeof ISSUED_DOCUMENT_STATUSES)[number];
/** Who signs the PDF: the approving officer's own DSC (through the signing agent) or the office's document-signer key in an HSM. */
export const DOCUMENT_SIGNERS = ['officer', 'office'] as const;
export type DocumentSigner = (typeof DOCUMENT_SIGNERS)[number];

/**
 * A document issued on an application's approval — a movement pass, a visitor pass, a character /
 * verification certificate, a NOC: the register of issued documents per office (like the dispatch
 * register) and what the applicant, the short link `/p/<link>`, the verifier and checkpoints read.
 * `claims` and `token` are the signed QR token (pass-token.ts); `linkId` is the unguessable short link.
 */
export const IssuedDocumentSchema = defineEntity({
  name: 'IssuedDocument',
  tableName: 'issued_document',
  indexes: [{ properties: ['office', 'issuedAt'] }, { properties: ['status', 'cancelledAt'] }],
  properties: {
    id: p.uuid().primary(),
    application: () => p.manyToOne(ApplicationSchema).ref().index(),
    /** The issuing office: whose register it is in. */
    office: () => p.manyToOne(OfficeSchema).ref(),
    kind: p.string().length(20).$type<PassClaims['k']>(),
    /** The application's reference number (the number printed on the document). */
    referenceNumber: p.string().length(80).index(),
    holderName: p.string().length(200),
    /** The signed token's claims and the token itself (the QR code and the short link carry it). */
    claims: p.json<PassClaims>(),
    token: p.text(),
    /** The short link's id (`/p/<linkId>`): 128 random bits, base64url. */
    linkId: p.string().length(32).unique(),
    validFrom: p.string().length(16),
    validUntil: p.string().length(16).nullable(),
    signer: p.string().length(10).$type<DocumentSigner>(),
    status: p.string().length(10).$type<IssuedDocumentStatus>(),
    /** The signed PDF in object storage (null until rendered and signed). */
    objectKey: p.string().length(300).nullable(),
    sha256: p.string().length(64).nullable(),
    issuedByPost: () => p.manyToOne(PostSchema).ref(),
    issuedByUser: () => p.manyToOne(UserSchema).ref().nullable(),
    issuedAt: p.datetime(),
    /** When the signed PDF was ready (approval → ready is the delivery latency). */
    signedAt: p.datetime().nullable(),
    cancelledAt: p.datetime().nullable(),
    cancelledByPost: () => p.manyToOne(PostSchema).ref().nullable(),
    cancelReason: p.text().nullable(),
    version: p.integer().version(),
  },
});
export type IssuedDocument = InferEntity<typeof IssuedDocumentSchema>;

export const passesEntities = [IssuedDocumentSchema];
