import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { fieldError, invalidState, refuse } from '../../shared/app-error.js';
import { formatDmy, istDate } from '../../shared/dates.js';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import { pendingItemRefusal } from './pendency.policy.js';
import { insertDelayReason, lockPendingRow, refreshItem } from './pendency.queries.js';
import { loadItemFacts, presentItemPendency, type ItemKind } from './item-pendency.js';
import { addDays } from './working-calendar.js';
import type { delayReasonIn } from './pendency.schemas.js';

/** The pending row of an item, locked against a concurrent move (moves rewrite it through the triggers); only its holder may change it. */
export async function lockPendingAsHolder(
  tx: Tx,
  scope: Scope,
  org: OrgSnapshot,
  type: ItemKind,
  id: string,
  action: 'recordReason' | 'setRegister',
) {
  const [row] = await lockPendingRow(tx.em, type, id);
  refuse(pendingItemRefusal(scope.actor, org, { pending: !!row, holderPostId: row?.holder_post_id ?? '' }, action));
  if (!row) throw invalidState('notPending');
  // held_since comes back as PostgreSQL's text (microseconds kept), so the reason matches the holding exactly
  return { holderPostId: row.holder_post_id, heldSince: row.held_since };
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
    throw fieldError(['expectedBy'], 'out_of_range', 'pendency.expectedByRange', {
      from: formatDmy(today),
      to: formatDmy(addDays(today, 90)),
    });
  }
  await transact(scope, async (tx) => {
    const held = await lockPendingAsHolder(tx, scope, org, type, id, 'recordReason');
    await insertDelayReason(tx.em, {
      id: randomUUID(),
      type,
      itemId: id,
      postId: held.holderPostId,
      heldSince: held.heldSince,
      reason: input.reason,
      expectedBy: input.expectedBy,
      userId: scope.actor.userId,
    });
    await refreshItem(tx.em, type, id);
    tx.emit({
      type: 'pendency.delay-reason-recorded',
      itemType: type,
      itemId: id,
      holderPostId: held.holderPostId,
      reason: input.reason,
      expectedBy: input.expectedBy,
      heldSince: new Date(held.heldSince).toISOString(),
    });
  });
  return presentItemPendency(scope, org, await loadItemFacts(scope.em, scope.actor, org, type, id));
}
