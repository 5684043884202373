import { randomUUID } from 'node:crypto';
import { systemActor } from '../../shared/actor.js';
import { istDate } from '../../shared/dates.js';
import { type Locale } from '../../shared/i18n.js';
import { pgArray } from '../../shared/persistence.js';
import { transact, type Deps, type Scope, type Tx } from '../../shared/scope.js';
import { postsSeeing } from '../movement/index.js';
import { queueMessage, queueSms } from '../../infra/notifier.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import { syncCalendars } from './pendency-maintenance.js';
import { escalationLevels } from './pendency.queries.js';
import {
  dueEscalations,
  dueReminders,
  holdersOn,
  insertAlerts,
  insertNotification,
  itemTitles,
  type DueRow,
} from './notifications.queries.js';
import { fillWeeks } from './pendency-summary.js';
import { itemLabel, notificationText } from './notifications.js';
import { addDays, weekStart } from './working-calendar.js';

const BATCH = 200;

export interface CheckReport {
  today: string;
  reminders: number;
  escalations: number;
  notifications: number;
  messages: number;
  calendarsChanged: boolean;
}

type Due = DueRow;

/**
 * The daily pendency run, for the day `asOf` falls on (IST): calendars kept current, the holder
 * reminded `remindBefore` working days before the due date, overdue items escalated level by level
 * to the supervising posts above the holder (levels: `afterDays` working days past due). Each
 * reminder or escalation is one row of pendency_alert, unique per holding, kind and level — so a
 * second run (or two workers at once) sends nothing twice — and, in the same transaction, an audit
 * entry on the item, a notification per post and SMS/e-mail in the outbox for the people holding
 * it. Escalation notifies; custody does not change. `asOf` is the clock: tests pass their own.
 */
export async function runPendencyChecks(deps: Deps, o: { asOf?: Date; maxAlerts?: number } = {}): Promise<CheckReport> {
  const asOf = o.asOf ?? new Date();
  const today = istDate(asOf);
  const max = o.maxAlerts ?? 20_000;
  const scope: Scope = { actor: systemActor(deps.env.DEFAULT_LOCALE), em: deps.orm.em.fork(), deps };
  const report: CheckReport = { today, reminders: 0, escalations: 0, notifications: 0, messages: 0, calendarsChanged: false };
  report.calendarsChanged = await scope.em.fork().transactional((em) => syncCalendars(em as never, today));
  const org = await loadOrg(scope.em);
  const levels = await escalationLevels(scope.em);

  // reminders: due today or later, reminder day reached, no reason carrying it past the due date
  for (let total = 0; total < max;) {
    const due = await dueReminders(scope.em, today, BATCH);
    if (!due.length) break;
    const n = await alertBatch(scope, org, due, 'reminder', 0, () => [], asOf, report);
    total += due.length;
    if (!n) break;
  }

  // escalations, level by level: overdue by at least the level's working days, no reason still running
  for (const { level, after_days: afterDays } of levels) {
    for (let total = 0; total < max;) {
      const due = await dueEscalations(scope.em, today, level, afterDays, BATCH);
      if (!due.length) break;
      const n = await alertBatch(
        scope,
        org,
        due,
        'escalation',
        level,
        (d) => org.escalationChain(d.holder_post_id)[level - 1] ?? [],
        asOf,
        report,
      );
      total += due.length;
      if (!n) break;
    }
  }

  // the trend's finished weeks, summed ahead of the first dashboard of the week
  const current = weekStart(today);
  await fillWeeks(
    scope.em,
    Array.from({ length: 12 }, (_, i) => addDays(current, -7 * (12 - i))),
  );
  if (report.reminders || report.escalations) deps.log.info(report, 'pendency reminders and escalations sent');
  return report;
}

/** One batch in one transaction: alert rows first (the unique key decides what is new), then audit, notifications, outbox. */
async function alertBatch(
  scope: Scope,
  org: OrgSnapshot,
  due: Due[],
  kind: 'reminder' | 'escalation',
  level: number,
  targets: (d: Due) => string[],
  asOf: Date,
  report: CheckReport,
): Promise<number> {
  return transact(scope, async (tx) => {
    const planned = due.map((d) => ({ ...d, id: randomUUID(), posts: kind === 'reminder' ? [d.holder_post_id] : targets(d) }));
    const inserted = await insertAlerts(
      tx.em,
      kind,
      level,
      asOf,
      planned.map((p) => ({
        id: p.id,
        item_type: p.item_type,
        item_id: p.item_id,
        held_since: p.held_since,
        holder_post_id: p.holder_post_id,
        due_date: p.due_date,
        post_ids: p.posts,
      })),
    );
    const fresh = new Set(inserted.map((r) => r.id));
    const todo = planned.filter((p) => fresh.has(p.id));
    if (!todo.length) return 0;

    const ids = todo.map((p) => p.item_id);
    const allPosts = [...new Set(todo.flatMap((p) => p.posts))];
    // one connection in a transaction: one query at a time
    const facts = await itemTitles(tx.em, pgArray(ids));
    const people = allPosts.length ? await holdersOn(tx.em, pgArray(allPosts), istDate(asOf)) : [];
    const seeing = await postsSeeing(
      tx.em,
      todo.map((p) => ({ type: p.item_type, id: p.item_id })),
      allPosts,
    );
    const fact = new Map(facts.map((f) => [f.id, f]));
    for (const p of todo) {
      const f = fact.get(p.item_id);
      const notified: Array<{ postId: string; notificationId: string }> = [];
      for (const post of p.posts) {
        // a graded item is named only to posts on its access list; an ungraded one is open to the holder's supervisors
        const hidden = p.grading !== 'normal' && !seeing.has(`${p.item_type}:${p.item_id}:${post}`);
        const notificationId = randomUUID();
        await insertNotification(tx.em, {
          id: notificationId,
          postId: post,
          kind,
          level,
          itemType: p.item_type,
          itemId: p.item_id,
          holderPostId: p.holder_post_id,
          hidden,
          number: hidden ? null : (f?.number ?? null),
          subject: hidden ? null : (f?.subject ?? null),
          dueDate: p.due_date,
          overdueDays: p.over,
          alertId: p.id,
        });
        report.notifications++;
        notified.push({ postId: post, notificationId });
        report.messages += await queueForHolders(
          tx,
          org,
          people.filter((u) => u.post_id === post),
          {
            kind,
            level,
            itemType: p.item_type,
            itemId: p.item_id,
            number: f?.number ?? null,
            hidden,
            holderPostId: p.holder_post_id,
            dueDate: p.due_date,
            overdueDays: p.over,
          },
          scope.deps,
        );
      }
      tx.emit({
        type: 'pendency.alerted',
        itemType: p.item_type,
        itemId: p.item_id,
        kind,
        level,
        holderPostId: p.holder_post_id,
        heldSince: new Date(p.held_since).toISOString(),
        dueDate: p.due_date,
        overdueWorkingDays: p.over,
        notified,
        asOf: asOf.toISOString(),
      });
      if (kind === 'reminder') report.reminders++;
      else report.escalations++;
    }
    return todo.length;
  });
}

/** SMS and e-mail to the people holding the post, in their language; an item they may not see is not named. */
async function queueForHolders(
  tx: Tx,
  org: OrgSnapshot,
  people: Array<Awaited<ReturnType<typeof holdersOn>>[number]>,
  n: {
    kind: string;
    level: number;
    itemType: string;
    itemId: string;
    number: string | null;
    hidden: boolean;
    holderPostId: string;
    dueDate: string;
    overdueDays: number;
  },
  deps: Deps,
): Promise<number> {
  let queued = 0;
  for (const u of people) {
    const locale: Locale = u.locale ?? deps.env.DEFAULT_LOCALE;
    const text = notificationText(locale, org, n);
    const key = n.kind === 'reminder' ? 'pendency.sms.reminder' : 'pendency.sms.escalation';
    const params = { item: itemLabel(locale, n), date: n.dueDate, days: n.overdueDays, level: n.level };
    if (u.mobile) {
      await queueSms(tx.em, { to: u.mobile, key, params, locale, related: { type: n.itemType, id: n.itemId } });
      queued++;
    }
    if (u.email) {
      await queueMessage(tx.em, {
        channel: 'email',
        recipient: u.email,
        subject: text.title,
        body: text.body,
        relatedType: n.itemType,
        relatedId: n.itemId,
      });
      queued++;
    }
  }
  return queued;
}
