// Shapes of the signing, dispatch and verification API (backend/src/modules/signing/API.md): aliases
// over schema.d.ts, which `npm run api:types` generates from the backend's OpenAPI document (see
// api/types.ts). The signing agent's own protocol is not in that document: its types are in agent.ts.
import type { Body, DraftSummary, FileNote, Item, Ok, Query } from '../../api/types';

export type SigningConfig = Ok<'/api/signing/config', 'get'>;

// --- enrolment
export type EnrolledCertificate = Ok<'/api/signing/certificates', 'get'>['certificates'][number];
export type EnrolledStatus = EnrolledCertificate['status'];
export type EnrolmentChallenge = Ok<'/api/signing/enrolment-challenge', 'post'>;
export type EnrolInput = Body<'/api/signing/certificates', 'post'>;
export type RevokeInput = Body<'/api/admin/signing/certificates/{id}/revoke', 'post'>;

/** `details.reasons` of CERT_REJECTED (the error's details are not typed in the schema). */
export type RejectReason = 'untrusted' | 'expired' | 'notYetValid' | 'keyUsage' | 'policy' | 'revoked' | 'badProof';
export const REJECT_REASONS: readonly RejectReason[] = ['untrusted', 'expired', 'notYetValid', 'keyUsage', 'policy', 'revoked', 'badProof'];

// --- signing: what waits, prepare, complete
export type PendingSignatures = Ok<'/api/signing/pending', 'get'>;
/** One of the user's own unsigned notes. */
export type PendingNote = PendingSignatures['notes'][number];
/** An approved, not yet issued draft in an open file the acting post holds. */
export type PendingLetter = PendingSignatures['letters'][number];

export type SigningRequestInput = Body<'/api/signing/requests', 'post'>;
export type SignItem = SigningRequestInput['items'][number];
export type SigningRequest = Ok<'/api/signing/requests', 'post'>;
export type PreparedItem = SigningRequest['items'][number];
export type CompleteInput = Body<'/api/signing/requests/{id}/complete', 'post'>;
export type CompletedItem = Ok<'/api/signing/requests/{id}/complete', 'post'>['items'][number];

/** `note.signature` in a file's notes, when signed. */
export type NoteSignature = NonNullable<FileNote['signature']>;
/** `issue` of a draft in the file, `dispatch` of an issued letter in its correspondence. */
export type IssueRef = NonNullable<DraftSummary['issue']>;

// --- dispatch register
export type DispatchQuery = Query<'/api/dispatch', 'get'>;
export type DispatchPage = Ok<'/api/dispatch', 'get'>;
export type DispatchEntry = Item<DispatchPage>;
/** What the asking user may do with an entry. */
export type DispatchAbilities = DispatchEntry['abilities'];
export type DispatchStatus = DispatchEntry['status'];
export const DISPATCH_STATUSES: readonly DispatchStatus[] = [
  'awaiting_signature',
  'issued',
  'issued_sent',
  'issued_dispatched',
  'cancelled',
];
export type DispatchMode = DispatchEntry['mode'];
export const DISPATCH_MODES: readonly DispatchMode[] = ['email', 'post', 'registered_post', 'speed_post', 'hand', 'fax'];
export type Recipient = DispatchEntry['recipients'][number];
export type Signer = DispatchEntry['signers'][number];
export type MarkDispatchedInput = Body<'/api/dispatch/{id}/dispatch', 'post'>;

// --- public verification
export type VerifyReport = Ok<'/api/verify', 'post'>;
export type VerifiedSignature = VerifyReport['signatures'][number];
export type Revocation = VerifiedSignature['revocation'];
export type IssuedSummary = NonNullable<VerifyReport['issued']>;
export type CodeCheck = Ok<'/api/verify/code/{token}', 'get'>;
