import type { EntityManager } from '@mikro-orm/postgresql';
import type { ItemType } from '../movement/index.js';
import { rows } from './pendency.queries.js';

/** The SQL of in-app notifications and of the daily reminders and escalations that make them. */

type Timestamp = string | Date;

export type NotificationKind = 'reminder' | 'escalation' | 'nudge';
export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  from_post_id: string | null;
  level: number;
  item_type: ItemType;
  item_id: string;
  holder_post_id: string | null;
  hidden: boolean;
  number: string | null;
  subject: string | null;
  due_date: string | null;
  overdue_days: number;
  created_at: Timestamp;
  read_at: Timestamp | null;
}
const COLUMNS = `id, kind, from_post_id, level, item_type, item_id, holder_post_id, hidden, number, subject, to_char(due_date, 'YYYY-MM-DD') as due_date, overdue_days, created_at, read_at`;
const readFilter = (unread: boolean | undefined) =>
  unread === undefined ? '' : unread ? ' and read_at is null' : ' and read_at is not null';

/** A page of a post's notifications (all, unread or read), newest first. */
export const notificationsPage = (em: EntityManager, postId: string, unread: boolean | undefined, limit: number, offset: number) =>
  rows<NotificationRow>(
    em,
    `select ${COLUMNS} from notification where post_id = ?${readFilter(unread)} order by created_at desc, id limit ? offset ?`,
    [postId, limit, offset],
  );

/** How many of them there are, and how many the post has unread. */
export const notificationCounts = async (em: EntityManager, postId: string, unread: boolean | undefined) =>
  (
    await rows<{ total: number; unread: number }>(
      em,
      `select count(*)::int as total, (select count(*)::int from notification where post_id = ? and read_at is null) as unread from notification where post_id = ?${readFilter(unread)}`,
      [postId, postId],
    )
  )[0];

/** A post's notification, locked; whether it was read before. */
export const lockNotification = (em: EntityManager, id: string, postId: string) =>
  rows<{ read_at: Timestamp | null }>(em, 'select read_at from notification where id = ? and post_id = ? for update', [id, postId]);

/** Marks a post's notification read (once: the first reader and time stay). */
export const markRead = (em: EntityManager, id: string, postId: string, userId: string) =>
  rows<NotificationRow>(
    em,
    `update notification set read_at = coalesce(read_at, now()), read_by_id = coalesce(read_by_id, ?) where id = ? and post_id = ? returning ${COLUMNS}`,
    [userId, id, postId],
  );

/** Marks every unread notification of a post read; answers their ids. */
export const markAllRead = (em: EntityManager, postId: string, userId: string) =>
  rows<{ id: string }>(em, `update notification set read_at = now(), read_by_id = ? where post_id = ? and read_at is null returning id`, [
    userId,
    postId,
  ]);

// -------------------------------------------------------------------------------- the daily checks

/** A holding due a reminder or an escalation. */
export interface DueRow {
  item_type: ItemType;
  item_id: string;
  holder_post_id: string;
  held_since: Date;
  due_date: string;
  grading: string;
  over: number;
}

/** Holdings whose reminder day has come: due today or later, no reason carrying them past the due date, not reminded yet. */
export const dueReminders = (em: EntityManager, today: string, limit: number) =>
  rows<DueRow>(
    em,
    `select pi.item_type, pi.item_id, pi.holder_post_id, pi.held_since, to_char(pi.due_date, 'YYYY-MM-DD') as due_date, pi.grading, 0 as over
      from pendency_item pi
      where pi.remind_on <= ?::date and pi.due_date >= ?::date and (pi.reason_until is null or pi.reason_until < pi.due_date)
        and not exists (select 1 from pendency_alert a where a.item_type = pi.item_type and a.item_id = pi.item_id and a.held_since = pi.held_since and a.kind = 'reminder')
      order by pi.due_date, pi.item_id limit ?`,
    [today, today, limit],
  );

/** Holdings overdue by at least `afterDays` working days, no reason still running, not escalated to `level` yet. */
export const dueEscalations = (em: EntityManager, today: string, level: number, afterDays: number, limit: number) =>
  rows<DueRow>(
    em,
    `select * from (
          select pi.item_type, pi.item_id, pi.holder_post_id, pi.held_since, to_char(pi.due_date, 'YYYY-MM-DD') as due_date, pi.grading,
            pendency_working_between(pi.office_id, pi.due_date, ?::date) as over
          from pendency_item pi
          where pi.due_date < ?::date and (pi.reason_until is null or pi.reason_until < ?::date)
            and not exists (select 1 from pendency_alert a where a.item_type = pi.item_type and a.item_id = pi.item_id and a.held_since = pi.held_since and a.kind = 'escalation' and a.level = ?)
        ) x where x.over >= ? order by x.over desc, x.item_id limit ?`,
    [today, today, today, level, afterDays, limit],
  );

/** Records the alerts planned (the unique key per holding, kind and level decides what is new); answers the ids of the new ones. */
export const insertAlerts = (
  em: EntityManager,
  kind: 'reminder' | 'escalation',
  level: number,
  asOf: Date,
  planned: ReadonlyArray<{
    id: string;
    item_type: string;
    item_id: string;
    held_since: Date;
    holder_post_id: string;
    due_date: string;
    post_ids: string[];
  }>,
) =>
  rows<{ id: string }>(
    em,
    `insert into pendency_alert (id, item_type, item_id, held_since, kind, level, holder_post_id, due_date, post_ids, as_of, created_at)
      select x.id, x.item_type, x.item_id, x.held_since, ?, ?, x.holder_post_id, x.due_date, x.post_ids, ?, now()
      from jsonb_to_recordset(?::jsonb) as x(id uuid, item_type varchar, item_id uuid, held_since timestamptz, holder_post_id uuid, due_date date, post_ids text[])
      on conflict (item_type, item_id, held_since, kind, level) do nothing returning id`,
    [kind, level, asOf, JSON.stringify(planned)],
  );

/** Number and subject of these items (receipts and files). */
export const itemTitles = (em: EntityManager, ids: string) =>
  rows<{ t: ItemType; id: string; number: string | null; subject: string | null }>(
    em,
    `select 'receipt' as t, id, diary_number as number, subject from receipt where id = any(?::uuid[]) union all select 'file', id, file_number, subject from efile where id = any(?::uuid[])`,
    [ids, ids],
  );

/** Which of these posts are on the access lists of which of these items. */
/** The active people holding these posts on a day, with how to reach them. */
export const holdersOn = (em: EntityManager, posts: string, day: string) =>
  rows<{ post_id: string; id: string; mobile: string | null; email: string | null; locale: 'hi' | 'en' | null }>(
    em,
    `select c.post_id, u.id, u.mobile, u.email, u.locale from charge c join app_user u on u.id = c.user_id
            where c.post_id = any(?::uuid[]) and c.from_date <= ?::date and (c.to_date is null or c.to_date > ?::date) and u.active`,
    [posts, day, day],
  );

export async function insertNotification(
  em: EntityManager,
  n: {
    id: string;
    postId: string;
    kind: string;
    level: number;
    itemType: string;
    itemId: string;
    holderPostId: string;
    hidden: boolean;
    number: string | null;
    subject: string | null;
    dueDate: string | null;
    overdueDays: number;
    alertId: string | null;
    fromPostId?: string | null;
  },
): Promise<void> {
  await rows(
    em,
    `insert into notification (id, post_id, kind, level, item_type, item_id, holder_post_id, hidden, number, subject, due_date, overdue_days, alert_id, from_post_id, created_at)
          values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())`,
    [
      n.id,
      n.postId,
      n.kind,
      n.level,
      n.itemType,
      n.itemId,
      n.holderPostId,
      n.hidden,
      n.number,
      n.subject,
      n.dueDate,
      n.overdueDays,
      n.alertId,
      n.fromPostId ?? null,
    ],
  );
}

// -------------------------------------------------------------------------------- a supervisor's reminder

/** Records today's reminder of an item; nothing (an empty answer) when it was reminded today already — the unique key is the limit. */
export const insertNudge = (
  em: EntityManager,
  n: {
    id: string;
    type: ItemType;
    itemId: string;
    day: string;
    heldSince: Timestamp;
    holderPostId: string;
    fromPostId: string;
    userId: string;
    notificationId: string;
  },
) =>
  rows<{ id: string }>(
    em,
    `insert into pendency_nudge (id, item_type, item_id, day, held_since, holder_post_id, from_post_id, user_id, notification_id, created_at) values (?, ?, ?, ?::date, ?, ?, ?, ?, ?, now())
      on conflict (item_type, item_id, day) do nothing returning id`,
    [n.id, n.type, n.itemId, n.day, n.heldSince, n.holderPostId, n.fromPostId, n.userId, n.notificationId],
  );

/** Which of these items were reminded by a supervisor on a day (`type:id` keys). */
export async function nudgedOn(em: EntityManager, refs: ReadonlyArray<{ type: string; id: string }>, day: string): Promise<Set<string>> {
  if (!refs.length) return new Set();
  const found = await rows<{ item_type: string; item_id: string }>(
    em,
    `select item_type, item_id from pendency_nudge where day = ?::date and item_id = any(?::uuid[])`,
    [day, `{${refs.map((r) => r.id).join(',')}}`],
  );
  return new Set(found.map((r) => `${r.item_type}:${r.item_id}`));
}
