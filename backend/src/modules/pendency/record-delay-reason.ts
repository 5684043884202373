import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, fieldError, invalidState } from '../../shared/app-error.js';
import { formatDmy, istDate } from '../../shared/dates.js';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { loadOrg } from './org-snapshot.js';
import { notePendencyChange, refreshItem, run } from './pendency-maintenance.js';
import { loadItemFacts, presentItemPendency, type ItemKind } from './item-pendency.js';
import { addDays } from './working-calendar.js';
import type { delayReasonIn } from './pendency.schemas.js';

/** The pending row of an item, locked against a concurrent move (moves rewrite it through the triggers); only its holder may change it. */
export async function lockPendingAsHolder(tx: Tx, scope: Scope, type: ItemKind, id: string) {
  const [row] = await run(tx.em, 'select holder_post_id, held_since from pendency_item where item_type = ? and item_id = ? for update', [type, id]);
  if (!row) throw invalidState('notPending');
  if (row.holder_post_id !== scope.actor.postId) throw new AppError('NOT_WITH_YOU');
  // held_since comes back as PostgreSQL's text (microseconds kept), so the reason matches the holding exactly
  return { holderPostId: row.holder_post_id as string, heldSince: row.held_since as string | Date };
}

/**
 * The holder records why it keeps an item beyond its deadline and by when it expects to be done
 * (CSMOP para 60: no longer than 7 working days "without a recorded reason"). The item stays overdue
 * but is no longer "without reason", and escalation waits until that date. Audited.
 */
export async function recordDelayReason(scope: Scope, type: ItemKind, id: string, input: z.infer<typeof delayReasonIn>) {
  const org = await loadOrg(scope.em);
  await loadItemFacts(scope.em, scope.actor, org, type, id);
  const today = istDate();
  if (input.expectedBy < today || input.expectedBy > addDays(today, 90)) {
    throw fieldError(['expectedBy'], 'out_of_range', 'pendency.expectedByRange', { from: formatDmy(today), to: formatDmy(addDays(today, 90)) });
  }
  await transact(scope, async (tx) => {
    const held = await lockPendingAsHolder(tx, scope, type, id);
    await run(tx.em, `insert into pendency_delay_reason (id, item_type, item_id, post_id, held_since, reason, expected_by, user_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
      [randomUUID(), type, id, held.holderPostId, held.heldSince, input.reason, input.expectedBy, scope.actor.userId]);
    await refreshItem(tx.em, type, id);
    await tx.audit({ action: `${type}.delay-reason`, objectType: type, objectId: id, details: { reason: input.reason, expectedBy: input.expectedBy, heldSince: new Date(held.heldSince).toISOString() } });
    await notePendencyChange(tx, [held.holderPostId]);
  });
  return presentItemPendency(scope, org, await loadItemFacts(scope.em, scope.actor, org, type, id));
}
