import { randomUUID } from 'node:crypto';
import { refuse } from '../../shared/app-error.js';
import { istDate } from '../../shared/dates.js';
import { transact, type Scope } from '../../shared/scope.js';
import { loadOrg } from '../org/index.js';
import { lockPendingRow } from './pendency.queries.js';
import { insertNotification, insertNudge, itemTitles, nudgedOn } from './notifications.queries.js';
import { itemDues } from './due-dates.js';
import { pendingItemRefusal } from './pendency.policy.js';
import { loadItemFacts, presentItemPendency, type ItemKind } from './item-pendency.js';

/**
 * A supervising post reminds the holder of an item pending in its scope (from the drill-down): a
 * notification to the holder's post naming who asks, audited on the item. Once per item a day
 * (whoever asks), so a holder is not spammed; custody does not change.
 */
export async function remindHolder(scope: Scope, type: ItemKind, id: string) {
  const org = await loadOrg(scope.em);
  const facts = await loadItemFacts(scope.em, scope.actor, org, type, id);
  const today = istDate();
  await transact(scope, async (tx) => {
    const [row] = await lockPendingRow(tx.em, type, id);
    const remindedToday = (await nudgedOn(tx.em, [{ type, id }], today)).size > 0;
    refuse(
      pendingItemRefusal(
        scope.actor,
        org,
        { pending: !!row, holderPostId: row?.holder_post_id ?? facts.holderPostId, remindedToday },
        'remind',
      ),
    );
    const holderPostId = row!.holder_post_id;
    const notificationId = randomUUID();
    const [inserted] = await insertNudge(tx.em, {
      id: randomUUID(),
      type,
      itemId: id,
      day: today,
      heldSince: row!.held_since,
      holderPostId,
      fromPostId: scope.actor.postId!,
      userId: scope.actor.userId,
      notificationId,
    });
    // a reminder sent meanwhile by another supervisor: the same refusal
    refuse(inserted ? null : pendingItemRefusal(scope.actor, org, { pending: true, holderPostId, remindedToday: true }, 'remind'));
    const [title] = await itemTitles(tx.em, `{${id}}`);
    const due = (await itemDues(tx.em, [{ type, id }], today)).get(`${type}:${id}`);
    // the holder holds the item, so it is always on its access list: nothing is withheld from it
    await insertNotification(tx.em, {
      id: notificationId,
      postId: holderPostId,
      kind: 'nudge',
      level: 0,
      itemType: type,
      itemId: id,
      holderPostId,
      hidden: false,
      number: title?.number ?? null,
      subject: title?.subject ?? null,
      dueDate: due?.dueDate ?? null,
      overdueDays: due?.overdueWorkingDays ?? 0,
      alertId: null,
      fromPostId: scope.actor.postId,
    });
    tx.emit({
      type: 'pendency.holder-reminded',
      itemType: type,
      itemId: id,
      holderPostId,
      fromPostId: scope.actor.postId!,
      notificationId,
      day: today,
      heldSince: new Date(row!.held_since).toISOString(),
    });
  });
  return presentItemPendency(scope, org, await loadItemFacts(scope.em, scope.actor, org, type, id));
}
