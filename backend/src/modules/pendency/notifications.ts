import { AppError } from '../../shared/app-error.js';
import { t, type Locale } from '../../shared/i18n.js';
import { formatDmy } from '../../shared/dates.js';
import { transact, type Scope } from '../../shared/scope.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import {
  lockNotification,
  markAllRead,
  markRead,
  notificationCounts,
  notificationsPage,
  type NotificationRow,
} from './notifications.queries.js';
import type { z } from 'zod';
import type { notificationOut, notificationsQuery } from './pendency.schemas.js';

/** How a notification names its item: its number, or only its kind when the recipient may not see it. */
export function itemLabel(locale: Locale, n: { itemType: string; number: string | null; hidden: boolean }): string {
  if (n.hidden || !n.number) return t(locale, n.itemType === 'file' ? 'pendency.notify.aFile' : 'pendency.notify.aReceipt');
  return n.number;
}

/** Title and text of a reminder or escalation in the reader's language. */
export function notificationText(
  locale: Locale,
  org: OrgSnapshot | null,
  n: {
    kind: string;
    level: number;
    itemType: string;
    number: string | null;
    hidden: boolean;
    holderPostId: string | null;
    fromPostId?: string | null;
    dueDate: string | null;
    overdueDays: number;
  },
) {
  const designation = (id: string | null | undefined) => {
    const p = id ? org?.posts.get(id) : undefined;
    return p ? (locale === 'hi' ? p.designationHi : p.designationEn) : '—';
  };
  const params = {
    item: itemLabel(locale, n),
    date: n.dueDate ?? '—',
    days: n.overdueDays,
    level: n.level,
    holder: designation(n.holderPostId),
    from: designation(n.fromPostId),
  };
  if (n.kind === 'nudge') {
    const dated = { ...params, date: n.dueDate ? formatDmy(n.dueDate) : '—' };
    return {
      title: t(locale, 'pendency.notify.nudgeTitle', dated),
      body: t(
        locale,
        n.overdueDays > 0
          ? 'pendency.notify.nudgeBodyOverdue'
          : n.dueDate
            ? 'pendency.notify.nudgeBody'
            : 'pendency.notify.nudgeBodyNoDate',
        dated,
      ),
    };
  }
  return {
    title: t(locale, n.kind === 'reminder' ? 'pendency.notify.reminderTitle' : 'pendency.notify.escalationTitle', params),
    body: t(locale, n.kind === 'reminder' ? 'pendency.notify.reminderBody' : 'pendency.notify.escalationBody', params),
  };
}

function present(locale: Locale, org: OrgSnapshot, r: NotificationRow): z.infer<typeof notificationOut> {
  const n = {
    kind: r.kind,
    level: r.level,
    itemType: r.item_type,
    number: r.number ?? null,
    hidden: r.hidden,
    holderPostId: r.holder_post_id ?? null,
    fromPostId: r.from_post_id ?? null,
    dueDate: r.due_date ?? null,
    overdueDays: r.overdue_days,
  };
  return {
    id: r.id,
    kind: r.kind,
    level: r.level,
    item: {
      type: r.item_type,
      id: r.item_id,
      number: r.hidden ? null : (r.number ?? null),
      subject: r.hidden ? null : (r.subject ?? null),
      hidden: r.hidden,
    },
    holder: r.holder_post_id && org.posts.has(r.holder_post_id) ? org.postRef(r.holder_post_id) : null,
    from: r.from_post_id && org.posts.has(r.from_post_id) ? org.postRef(r.from_post_id) : null,
    dueDate: r.due_date ?? null,
    overdueDays: r.overdue_days,
    ...notificationText(locale, org, n),
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}

/** The acting post's notifications, newest first, and how many are unread (notifications belong to posts, like inboxes). */
export async function listNotifications(scope: Scope, q: z.infer<typeof notificationsQuery>) {
  const postId = scope.actor.postId;
  if (!postId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize, unread: 0 };
  const [org, rows, counts] = await Promise.all([
    loadOrg(scope.em),
    notificationsPage(scope.em, postId, q.unread, q.pageSize, (q.page - 1) * q.pageSize),
    notificationCounts(scope.em, postId, q.unread),
  ]);
  return {
    items: rows.map((r) => present(scope.actor.locale, org, r)),
    total: counts?.total ?? 0,
    page: q.page,
    pageSize: q.pageSize,
    unread: counts?.unread ?? 0,
  };
}

/** Marks one of the acting post's notifications read (another post's does not exist for it). */
export async function markNotificationRead(scope: Scope, id: string) {
  const postId = scope.actor.postId;
  if (!postId) throw new AppError('NOT_FOUND');
  const rows = await transact(scope, async (tx) => {
    const [prior] = await lockNotification(tx.em, id, postId);
    if (!prior) return [];
    const r = await markRead(tx.em, id, postId, scope.actor.userId);
    if (!prior.read_at) tx.emit({ type: 'notification.read', notificationId: id, postId }); // read once: reading it again changes nothing
    return r;
  });
  if (!rows.length) throw new AppError('NOT_FOUND');
  return present(scope.actor.locale, await loadOrg(scope.em), rows[0]!);
}

/** Marks every unread notification of the acting post read. */
export async function markAllNotificationsRead(scope: Scope) {
  const postId = scope.actor.postId;
  if (!postId) return { marked: 0 };
  return transact(scope, async (tx) => {
    const r = await markAllRead(tx.em, postId, scope.actor.userId);
    if (r.length) tx.emit({ type: 'notification.read-all', postId, ids: r.map((x) => x.id) });
    return { marked: r.length };
  });
}
