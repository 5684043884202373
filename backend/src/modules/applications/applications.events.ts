import type { HintMessage, Listeners } from '../../shared/events.js';
import { rooms } from '../../shared/hints.js';
import { smsStatements } from '../../infra/notifier.js';
import { forgetLiveVersions } from './submit-application.js';

type Bilingual = { en: string; hi: string };

/**
 * What happens to applications. Each change is in the audit chain; the authority's inbox refetches; the
 * applicant gets an SMS (in their language, through the outbox) when it is filed, returned for
 * correction, approved or rejected — queued in the change's own transaction.
 */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'application.submitted': {
      applicationId: string;
      referenceNumber: string;
      service: string;
      holderPostId: string;
      filedByPostId: string | null;
      channel: string;
      applicantId: string | null;
      mobile: string;
      locale: 'hi' | 'en';
      serviceName: Bilingual;
      reach: string | null;
    };
    'application.acted': {
      applicationId: string;
      referenceNumber: string;
      action: string;
      fromStage: string;
      toStage: string;
      from: string;
      to: string;
      outcome: 'approved' | 'rejected' | 'returned' | null;
      byApplicant: boolean;
      mobile: string;
      locale: 'hi' | 'en';
      serviceName: Bilingual;
      reason: Bilingual | null;
      remarks: string | null;
      applicantId: string | null;
      /** The validity an approval that issues a document gave it (YYYY-MM-DD), else null. */
      validFrom: string | null;
      validUntil: string | null;
    };
    'application.rated': { applicationId: string; referenceNumber: string; rating: number; holderPostId: string };
    'application.document-uploaded': { uploadId: string; name: string; size: number; mime: string };
  }
}

const onApp = (id: string, action: string, details: Record<string, unknown>) => ({
  action,
  objectType: 'application',
  objectId: id,
  details,
});
/** The inboxes and open application views of these posts refetch. */
const refetch = (posts: Array<string | null>, id: string): HintMessage[] =>
  [...new Set(posts.filter((p): p is string => !!p))].flatMap((p) => [
    { room: rooms.post(p), hint: { entity: 'inbox', ids: [id] } },
    { room: rooms.post(p), hint: { entity: 'appln', ids: [id] } },
  ]);

export const applicationsListeners: Listeners = {
  'application.submitted': {
    audit: (e) =>
      onApp(e.applicationId, 'application.submit', {
        referenceNumber: e.referenceNumber,
        service: e.service,
        to: e.holderPostId,
        channel: e.channel,
        filedBy: e.filedByPostId,
        reach: e.reach,
      }),
    statements: (e) =>
      smsStatements({
        to: e.mobile,
        key: 'applications.smsSubmitted',
        params: { ref: e.referenceNumber, service: e.serviceName[e.locale] },
        locale: e.locale,
        related: { type: 'application', id: e.applicationId },
      }),
    hints: (e) => refetch([e.holderPostId, e.filedByPostId], e.applicationId),
  },
  'application.acted': {
    audit: (e) =>
      onApp(e.applicationId, `application.${e.action}`, {
        from: e.fromStage,
        to: e.toStage,
        holderFrom: e.from,
        holderTo: e.to,
        outcome: e.outcome,
        byApplicant: e.byApplicant,
        remarks: e.remarks,
      }),
    statements: async (e) => {
      // an approval's SMS carries the issued document's short link: passes sends it once the document is signed
      if (!e.outcome || e.outcome === 'approved') return [];
      const key = `applications.sms${e.outcome[0]!.toUpperCase()}${e.outcome.slice(1)}`;
      const reason = [e.reason?.[e.locale], e.remarks].filter(Boolean).join(' — ');
      const params = { ref: e.referenceNumber, service: e.serviceName[e.locale], reason };
      return smsStatements({ to: e.mobile, key, params, locale: e.locale, related: { type: 'application', id: e.applicationId } });
    },
    hints: (e) => refetch([e.from, e.to], e.applicationId),
  },
  'application.rated': {
    audit: (e) => onApp(e.applicationId, 'application.rate', { rating: e.rating }),
    hints: (e) => refetch([e.holderPostId], e.applicationId),
  },
  // filings read live versions from a cache: a version published here is used from the next filing on
  'service.published': { afterCommit: (_e, ctx) => forgetLiveVersions(ctx.em()) },
  'application.document-uploaded': {
    audit: (e) => ({
      action: 'application.upload',
      objectType: 'application_upload',
      objectId: e.uploadId,
      details: { name: e.name, size: e.size, mime: e.mime },
    }),
  },
};
