// Shapes of the signing, dispatch and verification API (backend/src/modules/signing/API.md and
// signing.schemas.ts). Written by hand while the routes are being built; once `npm run api:types`
// has them in schema.d.ts these become aliases over the generated types, like api/types.ts.

export interface SigningConfig {
  agentUrl: string;
  demo: boolean;
  requiredPolicyOid: string | null;
}

export type EnrolledStatus = 'active' | 'revoked' | 'expired';

export interface EnrolledCertificate {
  id: string;
  commonName: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 of the DER certificate, hex. */
  fingerprint: string;
  notBefore: string;
  notAfter: string;
  certificateClass: string | null;
  status: EnrolledStatus;
  enrolledAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  user: { id: string; name: string; nameHi: string; username: string };
}

export interface EnrolmentChallenge {
  challengeId: string;
  title: string;
  digest: string;
  expiresAt: string;
}

export type RejectReason = 'untrusted' | 'expired' | 'notYetValid' | 'keyUsage' | 'policy' | 'revoked' | 'badProof';
export const REJECT_REASONS: readonly RejectReason[] = ['untrusted', 'expired', 'notYetValid', 'keyUsage', 'policy', 'revoked', 'badProof'];

export type DispatchMode = 'email' | 'post' | 'registered_post' | 'speed_post' | 'hand' | 'fax';
export const DISPATCH_MODES: readonly DispatchMode[] = ['email', 'post', 'registered_post', 'speed_post', 'hand', 'fax'];

export interface Recipient {
  name: string;
  address?: string;
  email?: string;
}

export type SignItem =
  | { type: 'note'; fileId: string; noteId: string }
  | { type: 'letter'; fileId: string; draftId: string; dispatch: { mode: DispatchMode; recipients: Recipient[] } }
  | { type: 'countersign'; dispatchId: string };

export interface PreparedItem {
  index: number;
  type: SignItem['type'];
  title: string;
  digest: string;
}

export interface SigningRequest {
  id: string;
  expiresAt: string;
  items: PreparedItem[];
}

export type DispatchStatus = 'cancelled' | 'awaiting_signature' | 'issued' | 'issued_sent' | 'issued_dispatched';
export const DISPATCH_STATUSES: readonly DispatchStatus[] = ['awaiting_signature', 'issued', 'issued_sent', 'issued_dispatched', 'cancelled'];

export interface Signer {
  name: string;
  signedAt: string;
}

export interface DispatchEntry {
  id: string;
  issueNumber: string;
  serial: number;
  year: number;
  office: { id: string; name: string; nameHi: string };
  file: { id: string; number: string };
  draftId: string;
  subject: string;
  addressee: string;
  mode: DispatchMode;
  recipients: Recipient[];
  status: DispatchStatus;
  /** YYYY-MM-DD, the date the letter bears (the register's date filter uses it). */
  letterDate: string;
  issuedAt: string | null;
  dispatchedAt: string | null;
  dispatchReference: string | null;
  remarks: string | null;
  signers: Signer[];
  /** Of the current signed PDF. */
  sha256: string | null;
  /** The signed PDF, once there is one. */
  documentUrl: string | null;
  /** The QR code's target in this app, `/verify/<token>`. */
  verifyPath: string;
  version: number;
}

/** `issue` of a draft in the file, `dispatch` of an issued letter in its correspondence. */
export interface IssueRef {
  dispatchId: string;
  issueNumber: string;
  status: string;
  documentUrl: string | null;
}

export interface CompletedItem {
  index: number;
  type: SignItem['type'];
  noteId?: string;
  dispatch?: DispatchEntry;
}

export interface DispatchQuery {
  status?: DispatchStatus | null;
  from?: string | null;
  to?: string | null;
  q?: string | null;
  page: number;
  pageSize: number;
}

/** `note.signature` in a file's notes. */
export interface NoteSignature {
  signer: string;
  signedAt: string;
  serialNumber: string;
  /** False: the note changed after it was signed. */
  integrity: boolean;
  trusted: boolean;
  revoked: boolean;
}

export type Revocation = 'good' | 'revoked' | 'unknown';

export interface VerifiedSignature {
  signer: string;
  /** Null when the signature carries no readable certificate. */
  signerCertificate: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string; fingerprint: string } | null;
  integrity: boolean;
  coversWholeDocument: boolean;
  trusted: boolean;
  certificateValidAtSigning: boolean;
  keyUsageOk: boolean;
  certificateClass: string | null;
  signingTime: string | null;
  revocation: Revocation;
  revocationNote: string;
  subFilter: string | null;
  reason: string | null;
  enrolledOfficer: boolean;
  problems: string[];
}

export interface IssuedSummary {
  issueNumber: string;
  date: string;
  subject: string;
  office: string;
  officeHi: string;
  status: DispatchStatus;
  signers: Signer[];
  sha256: string | null;
  matchesLatest: boolean;
}

export interface VerifyReport {
  isPdf: boolean;
  message: string;
  signatures: VerifiedSignature[];
  issued: IssuedSummary | null;
}

export interface CodeCheck {
  token: { valid: boolean; reason: string | null; payload: { n: string; d: string; o: string; h: string; iss: string } | null };
  document: IssuedSummary | null;
}
