import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfficeSchema, PostSchema, UserSchema } from '../org/index.js';
import { CorrespondenceSchema, DraftSchema, EFileSchema, NoteSchema } from '../files/index.js';

/** An officer's DSC, enrolled through the agent after its chain, validity, key usage and policy were checked. */
export const SigningCertificateSchema = defineEntity({
  name: 'SigningCertificate',
  tableName: 'signing_certificate',
  uniques: [{ properties: ['user', 'fingerprint'] }],
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(UserSchema).ref().index(),
    certificate: p.blob(),
    /** CA certificates the agent sent with it (DER, leaf excluded). */
    chain: p.json<string[]>(),
    fingerprint: p.string().length(64).index(),
    commonName: p.string().length(300),
    subject: p.text(),
    issuer: p.text(),
    serialNumber: p.string().length(80),
    notBefore: p.datetime(),
    notAfter: p.datetime(),
    certificateClass: p.string().length(20).nullable(),
    status: p.string().length(10).$type<'active' | 'revoked'>(),
    enrolledAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    revokedBy: () => p.manyToOne(UserSchema).ref().nullable(),
    revokedReason: p.string().length(500).nullable(),
    version: p.integer().version(),
  },
});
export type SigningCertificate = InferEntity<typeof SigningCertificateSchema>;

/** A one-time digest the enrolling user's token must sign (proof of possession of the key). */
export const EnrolmentChallengeSchema = defineEntity({
  name: 'EnrolmentChallenge',
  tableName: 'enrolment_challenge',
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(UserSchema).ref(),
    /** Random bytes; the token signs their SHA-256. */
    challenge: p.blob(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});

/** `pass`: an issued pass or certificate its approving officer signs (the passes module, through `passSigning`). */
export const SIGN_ITEM_TYPES = ['note', 'letter', 'countersign', 'pass'] as const;
export type SignItemType = (typeof SIGN_ITEM_TYPES)[number];
export const SIGNING_REQUEST_STATUSES = ['pending', 'completed', 'cancelled'] as const;

/** One batch the user signs with one PIN entry: prepared items waiting for the agent's signatures. */
export const SigningRequestSchema = defineEntity({
  name: 'SigningRequest',
  tableName: 'signing_request',
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(UserSchema).ref().index(),
    post: () => p.manyToOne(PostSchema).ref(),
    certificate: () => p.manyToOne(SigningCertificateSchema).ref(),
    status: p.string().length(12).$type<(typeof SIGNING_REQUEST_STATUSES)[number]>(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    completedAt: p.datetime().nullable(),
    version: p.integer().version(),
  },
});
export type SigningRequest = InferEntity<typeof SigningRequestSchema>;

export const SigningRequestItemSchema = defineEntity({
  name: 'SigningRequestItem',
  tableName: 'signing_request_item',
  primaryKeys: ['request', 'index'],
  properties: {
    request: () => p.manyToOne(SigningRequestSchema).primary().ref(),
    index: p.integer().primary(),
    type: p.string().length(12).$type<SignItemType>(),
    title: p.string().length(600),
    file: () => p.manyToOne(EFileSchema).ref().nullable(),
    note: () => p.manyToOne(NoteSchema).ref().nullable(),
    dispatch: () => p.manyToOne(DispatchEntrySchema).ref().nullable(),
    /** What an item of a kind built above signing signs (a pass: the issued document's id). */
    subjectId: p.uuid().nullable(),
    /** SHA-256 of the signed attributes: what the agent signs. */
    digest: p.blob(),
    signedAttrs: p.blob(),
    /** The bytes signed: a note's canonical bytes, or the prepared PDF (placeholder and ByteRange filled). */
    content: p.blob(),
    byteRange: p
      .array<number>((i: string) => Number(i))
      .$type<number[]>()
      .nullable(),
    /** For a countersignature: SHA-256 of the signed PDF it was prepared on. */
    baseHash: p.string().length(64).nullable(),
    signingTime: p.datetime(),
  },
});
export type SigningRequestItem = InferEntity<typeof SigningRequestItemSchema>;

/** The detached CMS over a note's canonical bytes. A note is signed once. */
export const NoteSignatureSchema = defineEntity({
  name: 'NoteSignature',
  tableName: 'note_signature',
  properties: {
    note: () => p.oneToOne(NoteSchema).primary().ref().deleteRule('cascade'),
    certificate: () => p.manyToOne(SigningCertificateSchema).ref(),
    user: () => p.manyToOne(UserSchema).ref(),
    cms: p.blob(),
    contentDigest: p.blob(),
    signedAt: p.datetime(),
  },
});
export type NoteSignature = InferEntity<typeof NoteSignatureSchema>;

export const DISPATCH_MODES = ['email', 'post', 'registered_post', 'speed_post', 'hand', 'fax'] as const;
export type DispatchMode = (typeof DISPATCH_MODES)[number];
export const DISPATCH_STATUSES = ['cancelled', 'awaiting_signature', 'issued', 'issued_sent', 'issued_dispatched'] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];
export interface Recipient {
  name: string;
  address?: string | undefined;
  email?: string | undefined;
}
export interface Signer {
  userId: string;
  name: string;
  certificateId: string;
  signedAt: string;
}

/** The dispatch register: one row per issue number, gap-free per office and year (cancelled numbers stay, marked). */
export const DispatchEntrySchema = defineEntity({
  name: 'DispatchEntry',
  tableName: 'dispatch_entry',
  uniques: [{ properties: ['office', 'year', 'serial'] }],
  indexes: [
    { properties: ['office', 'issuedAt'] },
    { name: 'dispatch_entry_hashes', expression: 'create index "dispatch_entry_hashes" on "dispatch_entry" using gin ("document_hashes")' },
  ],
  properties: {
    id: p.uuid().primary(),
    office: () => p.manyToOne(OfficeSchema).ref(),
    year: p.integer(),
    serial: p.integer(),
    issueNumber: p.string().length(80).unique(),
    file: () => p.manyToOne(EFileSchema).ref().index(),
    draft: () => p.manyToOne(DraftSchema).ref(),
    subject: p.string().length(500),
    addressee: p.text(),
    mode: p.string().length(20).$type<DispatchMode>(),
    recipients: p.json<Recipient[]>(),
    status: p.string().length(20).$type<DispatchStatus>(),
    letterDate: p.date(),
    createdByPost: () => p.manyToOne(PostSchema).ref(),
    createdByUser: () => p.manyToOne(UserSchema).ref(),
    createdAt: p.datetime(),
    issuedAt: p.datetime().nullable(),
    signers: p.json<Signer[]>(),
    /** Object key of the current signed PDF, and SHA-256 of every signed revision (first signature, countersignatures). */
    objectKey: p.string().length(200).nullable(),
    documentHashes: p.array().$type<string[]>(),
    /** SHA-256 of the letter's content as printed (the QR token carries it). */
    contentHash: p.string().length(64),
    qrToken: p.text(),
    correspondence: () => p.manyToOne(CorrespondenceSchema).ref().nullable(),
    dispatchedAt: p.datetime().nullable(),
    dispatchedBy: () => p.manyToOne(UserSchema).ref().nullable(),
    dispatchReference: p.string().length(200).nullable(),
    remarks: p.string().length(500).nullable(),
    version: p.integer().version(),
  },
});
export type DispatchEntry = InferEntity<typeof DispatchEntrySchema>;

/** The Ed25519 keys that sign QR tokens; the public halves are published at /api/verify/keys. */
const VerificationKeySchema = defineEntity({
  name: 'VerificationKey',
  tableName: 'verification_key',
  properties: {
    kid: p.string().length(40).primary(),
    publicJwk: p.json<Record<string, string>>(),
    privatePem: p.text(),
    createdAt: p.datetime(),
    active: p.boolean(),
  },
});

export const signingEntities = [
  SigningCertificateSchema,
  EnrolmentChallengeSchema,
  SigningRequestSchema,
  SigningRequestItemSchema,
  NoteSignatureSchema,
  DispatchEntrySchema,
  VerificationKeySchema,
];
