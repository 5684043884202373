import { auditOf, type AfterCommitContext, type Listener, type Listeners } from '../../shared/events.js';
import type { Register } from '../../shared/registers.js';
import { rooms } from '../../shared/hints.js';
import { onEveryMove, type ItemType } from '../movement/index.js';
import { cachedOrg } from '../org/index.js';
import { pendencyHints } from './pendency-maintenance.js';
import { refreshItem, registersOfFiledReceipt } from './pendency.queries.js';
import { applyItemRegister } from './set-item-register.js';

/** What the pendency use cases and its daily job do. */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'pendency.register-set': {
      itemType: ItemType;
      itemId: string;
      holderPostId: string;
      register: Register | null;
      reference: string | null;
      previous: string | null;
    };
    'pendency.delay-reason-recorded': {
      itemType: ItemType;
      itemId: string;
      holderPostId: string;
      reason: string;
      expectedBy: string;
      heldSince: string;
    };
    /** A supervising post opened an ungraded item in its scope (read-only access). */
    'pendency.item-inspected': { itemType: ItemType; itemId: string; postId: string; holderPostId: string };
    /** Deadline rules or calendars changed: every due date was recomputed. */
    'pendency.rules-replaced': { rules: unknown[]; officeIds: string[] };
    'pendency.escalation-replaced': { levels: Array<{ afterDays: number }> };
    'pendency.work-week-set': { officeId: string | null; weeklyOff: number[]; saturdaysOff: number[]; officeIds: string[] };
    'pendency.holiday-added': {
      holidayId: string;
      officeId: string | null;
      date: string;
      name: { en: string; hi: string };
      officeIds: string[];
    };
    'pendency.holiday-removed': { holidayId: string; officeId: string | null; date: string; name: string; officeIds: string[] };
    /** A supervising post reminded the holder of an item (once per item a day). */
    'pendency.holder-reminded': {
      itemType: ItemType;
      itemId: string;
      holderPostId: string;
      fromPostId: string;
      notificationId: string;
      day: string;
      heldSince: string;
    };
    'notification.read': { notificationId: string; postId: string };
    'notification.read-all': { postId: string; ids: string[] };
    /** A reminder or escalation of one holding, with the notification each post got. */
    'pendency.alerted': {
      itemType: ItemType;
      itemId: string;
      kind: 'reminder' | 'escalation';
      level: number;
      holderPostId: string;
      heldSince: string;
      dueDate: string | null;
      overdueWorkingDays: number;
      notified: Array<{ postId: string; notificationId: string }>;
      asOf: string;
    };
  }
}

/**
 * Tells the dashboards that pendency changed where these posts are: a hint to every supervising post
 * whose scope covers their offices, and to the posts themselves. After commit, from the cached org
 * snapshot (a slightly stale one only delays a hint).
 */
async function dashboards(ctx: AfterCommitContext, posts: ReadonlyArray<string | null>): Promise<void> {
  if (!posts.some(Boolean)) return;
  for (const { room, hint } of pendencyHints(await cachedOrg(ctx.em()), posts)) ctx.hint(room, hint);
}
/** Rules and calendars change every due date: every open dashboard refetches. */
const everywhere = (e: { officeIds: string[] }) => [{ room: rooms.org, hint: { entity: 'pendency' as const, ids: e.officeIds } }];
const holderDashboards: Listener<{ holderPostId: string }> = { afterCommit: (e, ctx) => dashboards(ctx, [e.holderPostId]) };
const config = (objectId: string, action: string, details: Record<string, unknown>) =>
  auditOf(action, 'pendency-config', objectId, details);

/**
 * Pendency is a read model: the pending rows follow the items by database triggers, and these
 * listeners keep the rest in step (the special register a receipt is diarised into, the register a
 * file takes over from a receipt put in it) and tell the dashboards.
 */
export const pendencyListeners: Listeners = {
  ...onEveryMove({ afterCommit: (e, ctx) => dashboards(ctx, [e.from, e.to]) }),
  // an application filed, decided, handed on or returned to its applicant changes the pending counts where it was and is
  'application.submitted': holderDashboards,
  'application.acted': { afterCommit: (e, ctx) => dashboards(ctx, [e.from, e.to]) },
  'receipt.scanned': holderDashboards,
  'receipt.registered': {
    apply: async (tx, e, { actor }) => {
      if (e.register) await applyItemRegister(tx, actor, 'receipt', e.receiptId, e.holderPostId, e.register, e.registerReference);
    },
    ...holderDashboards,
  },
  'receipt.diarised': {
    apply: async (tx, e, { actor }) => {
      if (e.register) await applyItemRegister(tx, actor, 'receipt', e.receiptId, e.holderPostId, e.register, e.registerReference);
    },
    ...holderDashboards,
  },
  'file.opened': holderDashboards,
  'file.part-created': holderDashboards,
  'receipt.filed': {
    // the file takes over the receipt's special register (RTI, court, VIP) unless it is in one already;
    // its clock runs from the oldest receipt in it (pendency_source), so the deadline stays the receipt's
    apply: async (tx, e, { actor }) => {
      const regs = await registersOfFiledReceipt(tx.em, e.receiptId, e.fileId);
      const fromReceipt = regs.find((r) => r.item_type === 'receipt');
      if (fromReceipt && !regs.some((r) => r.item_type === 'file'))
        await applyItemRegister(tx, actor, 'file', e.fileId, e.holderPostId, fromReceipt.register, fromReceipt.reference);
      else await refreshItem(tx.em, 'file', e.fileId);
    },
    ...holderDashboards, // the receipt is disposed of into the file
  },
  'pendency.register-set': {
    audit: (e) =>
      auditOf(`${e.itemType}.register-set`, e.itemType, e.itemId, {
        register: e.register,
        reference: e.register ? e.reference : null,
        previous: e.previous,
      }),
    ...holderDashboards,
  },
  'pendency.delay-reason-recorded': {
    audit: (e) =>
      auditOf(`${e.itemType}.delay-reason`, e.itemType, e.itemId, { reason: e.reason, expectedBy: e.expectedBy, heldSince: e.heldSince }),
    ...holderDashboards,
  },
  'pendency.item-inspected': {
    audit: (e) => auditOf(`${e.itemType}.inspect`, e.itemType, e.itemId, { post: e.postId, holder: e.holderPostId, reason: 'pendency' }),
    // the item now opens for the inspecting post
    hints: (e) => [{ room: rooms.post(e.postId), hint: { entity: e.itemType, ids: [e.itemId] } }],
  },
  'pendency.rules-replaced': { audit: (e) => config('rules', 'pendency.rules', { rules: e.rules }), hints: everywhere },
  'pendency.escalation-replaced': { audit: (e) => config('escalation', 'pendency.escalation', { levels: e.levels }) },
  'pendency.work-week-set': {
    audit: (e) => config(e.officeId ?? 'default', 'pendency.work-week', { weeklyOff: e.weeklyOff, saturdaysOff: e.saturdaysOff }),
    hints: everywhere,
  },
  'pendency.holiday-added': {
    audit: (e) => auditOf('pendency.holiday-add', 'pendency-holiday', e.holidayId, { officeId: e.officeId, date: e.date, name: e.name }),
    hints: everywhere,
  },
  'pendency.holiday-removed': {
    audit: (e) => auditOf('pendency.holiday-remove', 'pendency-holiday', e.holidayId, { officeId: e.officeId, date: e.date, name: e.name }),
    hints: everywhere,
  },
  'pendency.holder-reminded': {
    audit: (e) =>
      auditOf(`${e.itemType}.remind`, e.itemType, e.itemId, {
        holder: e.holderPostId,
        from: e.fromPostId,
        heldSince: e.heldSince,
        notification: e.notificationId,
      }),
    hints: (e) => [{ room: rooms.post(e.holderPostId), hint: { entity: 'notification' as const, ids: [e.notificationId] } }],
  },
  'notification.read': {
    audit: (e) => auditOf('notification.read', 'notification', e.notificationId, { postId: e.postId }),
    hints: (e) => [{ room: rooms.post(e.postId), hint: { entity: 'notification', ids: [e.notificationId] } }],
  },
  'notification.read-all': {
    audit: (e) => auditOf('notification.read-all', 'post', e.postId, { ids: e.ids }),
    hints: (e) => [{ room: rooms.post(e.postId), hint: { entity: 'notification', ids: e.ids } }],
  },
  'pendency.alerted': {
    audit: (e) =>
      auditOf(`${e.itemType}.${e.kind}`, e.itemType, e.itemId, {
        level: e.level,
        holder: e.holderPostId,
        heldSince: e.heldSince,
        dueDate: e.dueDate,
        overdueWorkingDays: e.overdueWorkingDays,
        notified: e.notified.map((n) => n.postId),
        asOf: e.asOf,
      }),
    hints: (e) =>
      e.notified.map((n) => ({ room: rooms.post(n.postId), hint: { entity: 'notification' as const, ids: [n.notificationId] } })),
  },
};
