import type { HintMessage, Listeners } from '../../shared/events.js';
import { rooms } from '../../shared/hints.js';
import { smsStatements } from '../../infra/notifier.js';
import { issueOnApproval } from './issue-document.js';

type Bilingual = { en: string; hi: string };

/**
 * What happens to issued documents: made on an approval (in its transaction: the `apply` below),
 * signed (the applicant gets the approval SMS with the short link — in their language, through the
 * outbox), cancelled (SMS again). Each is in the audit chain; the office's register and the
 * application's views refetch.
 */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'pass.created': {
      documentId: string;
      applicationId: string;
      referenceNumber: string;
      officeId: string;
      kind: string;
      signer: 'office' | 'officer';
      postIds: string[];
    };
    'pass.signed': {
      documentId: string;
      applicationId: string;
      referenceNumber: string;
      officeId: string;
      kind: string;
      signer: 'office' | 'officer';
      sha256: string;
      link: string;
      mobile: string;
      locale: 'hi' | 'en';
      serviceName: Bilingual;
      postIds: string[];
    };
    'pass.cancelled': {
      documentId: string;
      applicationId: string;
      referenceNumber: string;
      officeId: string;
      reason: string;
      mobile: string;
      locale: 'hi' | 'en';
      serviceName: Bilingual;
      postIds: string[];
    };
  }
}

const onDoc = (id: string, action: string, details: Record<string, unknown>) => ({
  action,
  objectType: 'issued_document',
  objectId: id,
  details,
});
const refetch = (e: { documentId: string; applicationId: string; officeId: string; postIds: string[] }): HintMessage[] => [
  { room: rooms.office(e.officeId), hint: { entity: 'pass', ids: [e.documentId] } },
  ...[...new Set(e.postIds)].map((p) => ({ room: rooms.post(p), hint: { entity: 'appln' as const, ids: [e.applicationId] } })),
];

export const passesListeners: Listeners = {
  'application.acted': {
    // the approval's document (or, for a service that issues none, the approval SMS) in the approval's own transaction
    statements: async (e, ctx) => (e.outcome === 'approved' ? issueOnApproval(ctx, e) : []),
  },
  'pass.created': {
    audit: (e) =>
      onDoc(e.documentId, 'pass.create', {
        application: e.applicationId,
        referenceNumber: e.referenceNumber,
        kind: e.kind,
        signer: e.signer,
      }),
    hints: refetch,
  },
  'pass.signed': {
    audit: (e) => onDoc(e.documentId, 'pass.sign', { referenceNumber: e.referenceNumber, signer: e.signer, sha256: e.sha256 }),
    statements: (e) =>
      smsStatements({
        to: e.mobile,
        key: 'passes.smsIssued',
        params: { ref: e.referenceNumber, service: e.serviceName[e.locale], link: e.link },
        locale: e.locale,
        related: { type: 'application', id: e.applicationId },
      }),
    hints: refetch,
  },
  'pass.cancelled': {
    audit: (e) => onDoc(e.documentId, 'pass.cancel', { referenceNumber: e.referenceNumber, reason: e.reason }),
    statements: (e) =>
      smsStatements({
        to: e.mobile,
        key: 'passes.smsCancelled',
        params: { ref: e.referenceNumber, service: e.serviceName[e.locale], reason: e.reason },
        locale: e.locale,
        related: { type: 'application', id: e.applicationId },
      }),
    hints: refetch,
  },
};
