import type { HintMessage, Listeners } from '../../shared/events.js';
import { rooms } from '../../shared/hints.js';
import { formatDmy } from '../../shared/dates.js';
import { queueSms } from '../../infra/notifier.js';
import type { AppealDecision, AppealGrounds, AppealLevel } from './rts.entity.js';

type Bilingual = { en: string; hi: string };
interface AppealEvent {
  appealId: string;
  number: string;
  applicationId: string;
  referenceNumber: string;
  level: AppealLevel;
  holderPostId: string;
  designatedPostId: string;
  mobile: string;
  locale: 'hi' | 'en';
  serviceName: Bilingual;
}

/**
 * What happens to Right to Service appeals. Each change is in the audit chain; the posts concerned (the
 * authority holding it, the designated officer, the one it moved from) refetch their appeals and the
 * application; the applicant is told by SMS in their language when an appeal is filed, moves up a level
 * or is decided — queued in the change's own transaction.
 */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'rts.appeal-filed': AppealEvent & { grounds: AppealGrounds; byApplicant: boolean; dueDate: string };
    'rts.appeal-escalated': AppealEvent & { fromLevel: AppealLevel; fromPostId: string; dueDate: string };
    'rts.appeal-replied': AppealEvent;
    'rts.appeal-decided': AppealEvent & {
      decision: AppealDecision;
      orderDueDate: string | null;
      penaltyAmount: number | null;
      penaltyUserId: string | null;
      compensationAmount: number | null;
    };
  }
}

const onAppeal = (id: string, action: string, details: Record<string, unknown>) => ({
  action,
  objectType: 'rts_appeal',
  objectId: id,
  details,
});
const refetch = (posts: Array<string | null>, e: AppealEvent): HintMessage[] =>
  [...new Set(posts.filter((p): p is string => !!p))].flatMap((p) => [
    { room: rooms.post(p), hint: { entity: 'appeal', ids: [e.appealId] } },
    { room: rooms.post(p), hint: { entity: 'appln', ids: [e.applicationId] } },
  ]);
const LEVEL_NAMES: Record<AppealLevel, Bilingual> = {
  1: { en: 'First Appellate Authority', hi: 'प्रथम अपीलीय अधिकारी' },
  2: { en: 'Second Appellate Authority', hi: 'द्वितीय अपीलीय अधिकारी' },
  3: { en: 'Right to Service Commission', hi: 'सेवा का अधिकार आयोग' },
};
const sms = (e: AppealEvent, key: string, params: Record<string, string>) => ({
  to: e.mobile,
  key: `rts.${key}`,
  params: {
    appeal: e.number,
    ref: e.referenceNumber,
    service: e.serviceName[e.locale],
    authority: LEVEL_NAMES[e.level][e.locale],
    ...params,
  },
  locale: e.locale,
  related: { type: 'rts_appeal', id: e.appealId },
});

export const rtsListeners: Listeners = {
  'rts.appeal-filed': {
    audit: (e) =>
      onAppeal(e.appealId, 'rts.appeal.file', {
        number: e.number,
        application: e.applicationId,
        grounds: e.grounds,
        byApplicant: e.byApplicant,
        level: e.level,
        to: e.holderPostId,
        dueDate: e.dueDate,
      }),
    apply: async (tx, e) => {
      await queueSms(tx.em, sms(e, e.grounds === 'delay' ? 'smsFiledDelay' : 'smsFiledRejection', { due: formatDmy(e.dueDate) }));
    },
    hints: (e) => refetch([e.holderPostId, e.designatedPostId], e),
  },
  'rts.appeal-escalated': {
    audit: (e) =>
      onAppeal(e.appealId, 'rts.appeal.escalate', {
        from: e.fromPostId,
        to: e.holderPostId,
        fromLevel: e.fromLevel,
        level: e.level,
        dueDate: e.dueDate,
      }),
    apply: async (tx, e) => {
      await queueSms(tx.em, sms(e, 'smsEscalated', { due: formatDmy(e.dueDate) }));
    },
    hints: (e) => refetch([e.holderPostId, e.fromPostId, e.designatedPostId], e),
  },
  'rts.appeal-replied': {
    audit: (e) => onAppeal(e.appealId, 'rts.appeal.reply', { level: e.level }),
    hints: (e) => refetch([e.holderPostId, e.designatedPostId], e),
  },
  'rts.appeal-decided': {
    audit: (e) =>
      onAppeal(e.appealId, 'rts.appeal.decide', {
        level: e.level,
        decision: e.decision,
        orderDueDate: e.orderDueDate,
        penaltyAmount: e.penaltyAmount,
        penaltyUser: e.penaltyUserId,
        compensationAmount: e.compensationAmount,
      }),
    apply: async (tx, e) => {
      const key = e.decision === 'order_delivery' ? 'smsOrdered' : 'smsDismissed';
      await queueSms(
        tx.em,
        sms(e, key, { due: e.orderDueDate ? formatDmy(e.orderDueDate) : '', compensation: String(e.compensationAmount ?? '') }),
      );
    },
    hints: (e) => refetch([e.holderPostId, e.designatedPostId], e),
  },
};
