import { auditOf, type HintMessage, type Listener, type Listeners } from '../../shared/events.js';
import { rooms } from '../../shared/hints.js';
import { adminPostIds } from '../org/index.js';
import { officerSignatures } from '../../infra/metrics.js';

/** What the signing use cases do: certificates, signing requests, signed notes and letters, the dispatch register. */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'certificate.enrolled': {
      userId: string;
      certificateId: string;
      fingerprint: string;
      subject: string;
      serial: string;
      revocation: string;
    };
    /** A refused enrolment: recorded (its challenge is used up), nothing else changes. */
    'certificate.rejected': { userId: string; fingerprint: string; subject: string; reasons: string[] };
    'certificate.revoked': { userId: string; certificateId: string; serial: string; reason: string };
    'signing.prepared': { requestId: string; certificateId: string; items: Array<{ type: string; title: string; digest: string }> };
    /** A letter about to be signed took the next issue number: its entry waits in the office's dispatch register. */
    'dispatch.numbered': { fileId: string; dispatchId: string; officeId: string; issueNumber: string; draftId: string };
    /** `released`: the register entries it had reserved, now cancelled. */
    'signing.cancelled': { requestId: string; released: Array<{ dispatchId: string; officeId: string }> };
    'note.signed': { fileId: string; holderPostId: string; noteId: string; certificateId: string; serial: string; digest: string };
    /** A signed letter is issued: it joins the file's correspondence and the office's register. */
    'letter.issued': {
      fileId: string;
      holderPostId: string;
      dispatchId: string;
      officeId: string;
      issueNumber: string;
      draftId: string;
      sha256: string;
      certificateId: string;
      serial: string;
    };
    'letter.countersigned': {
      fileId: string;
      dispatchId: string;
      officeId: string;
      issueNumber: string;
      sha256: string;
      certificateId: string;
      serial: string;
    };
    'signing.completed': { requestId: string; certificateId: string; count: number };
    'letter.dispatched': {
      fileId: string;
      dispatchId: string;
      officeId: string;
      issueNumber: string;
      mode: string;
      reference: string | null;
    };
    /** The dispatch register was printed or exported with entries of graded files in it. */
    'dispatch.register-printed': { officeId: string; from: string; to: string; entries: number; graded: number; format: 'pdf' | 'csv' };
  }
}

const register = (officeId: string, dispatchId: string): HintMessage => ({
  room: rooms.office(officeId),
  hint: { entity: 'dispatch', ids: [dispatchId] },
});
const file = (post: string, fileId: string): HintMessage => ({ room: rooms.post(post), hint: { entity: 'file', ids: [fileId] } });
const onFile = (fileId: string, action: string, details: Record<string, unknown>) => auditOf(action, 'file', fileId, details);

/** A user's certificates are shown to them and to the administrators (who may revoke them). */
const certificateChanged: Listener<{ userId: string; certificateId: string }> = {
  hints: (e) => [{ room: rooms.user(e.userId), hint: { entity: 'certificate', ids: [e.certificateId] } }],
  afterCommit: async (e, ctx) => {
    for (const post of await adminPostIds(ctx.em())) ctx.hint(rooms.post(post), { entity: 'certificate', ids: [e.certificateId] });
  },
};

export const signingListeners: Listeners = {
  'certificate.enrolled': {
    audit: (e) =>
      auditOf('signing.enrol', 'user', e.userId, {
        certificateId: e.certificateId,
        fingerprint: e.fingerprint,
        subject: e.subject,
        serial: e.serial,
        revocation: e.revocation,
      }),
    ...certificateChanged,
  },
  'certificate.rejected': {
    audit: (e) => auditOf('signing.enrol.reject', 'user', e.userId, { fingerprint: e.fingerprint, subject: e.subject, reasons: e.reasons }),
  },
  'certificate.revoked': {
    audit: (e) => auditOf('signing.revoke', 'user', e.userId, { certificateId: e.certificateId, serial: e.serial, reason: e.reason }),
    ...certificateChanged,
  },
  'signing.prepared': {
    audit: (e) => auditOf('signing.prepare', 'signing_request', e.requestId, { certificateId: e.certificateId, items: e.items }),
  },
  'dispatch.numbered': {
    audit: (e) => onFile(e.fileId, 'dispatch.number', { dispatchId: e.dispatchId, issueNumber: e.issueNumber, draftId: e.draftId }),
    hints: (e) => [register(e.officeId, e.dispatchId)],
  },
  'signing.cancelled': {
    audit: (e) => auditOf('signing.cancel', 'signing_request', e.requestId),
    hints: (e) => e.released.map((r) => register(r.officeId, r.dispatchId)),
  },
  'note.signed': {
    audit: (e) =>
      onFile(e.fileId, 'file.note.sign', { noteId: e.noteId, certificateId: e.certificateId, serial: e.serial, digest: e.digest }),
    hints: (e) => [file(e.holderPostId, e.fileId)],
  },
  'letter.issued': {
    audit: (e) =>
      onFile(e.fileId, 'dispatch.issue', {
        dispatchId: e.dispatchId,
        issueNumber: e.issueNumber,
        draftId: e.draftId,
        sha256: e.sha256,
        certificateId: e.certificateId,
        serial: e.serial,
      }),
    hints: (e) => [register(e.officeId, e.dispatchId), file(e.holderPostId, e.fileId)],
  },
  'letter.countersigned': {
    audit: (e) =>
      onFile(e.fileId, 'dispatch.countersign', {
        dispatchId: e.dispatchId,
        issueNumber: e.issueNumber,
        sha256: e.sha256,
        certificateId: e.certificateId,
        serial: e.serial,
      }),
    hints: (e) => [register(e.officeId, e.dispatchId)],
  },
  'signing.completed': {
    audit: (e) => auditOf('signing.complete', 'signing_request', e.requestId, { certificateId: e.certificateId, count: e.count }),
    afterCommit: (e) => void officerSignatures.inc(e.count),
  },
  'dispatch.register-printed': {
    audit: (e) =>
      auditOf('dispatch.register.print', 'office', e.officeId, {
        from: e.from,
        to: e.to,
        entries: e.entries,
        graded: e.graded,
        format: e.format,
      }),
  },
  'letter.dispatched': {
    audit: (e) =>
      onFile(e.fileId, 'dispatch.dispatch', { dispatchId: e.dispatchId, issueNumber: e.issueNumber, mode: e.mode, reference: e.reference }),
    hints: (e) => [register(e.officeId, e.dispatchId)],
  },
};
