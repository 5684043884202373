import type { z } from 'zod';
import type { Actor } from '../../shared/actor.js';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { loadOrg } from '../org/index.js';
import { deleteItemRegister, itemRegister, refreshItem, upsertItemRegister } from './pendency.queries.js';
import { loadItemFacts, presentItemPendency, type ItemKind } from './item-pendency.js';
import { lockPendingAsHolder } from './record-delay-reason.js';
import type { Register, setRegisterIn } from './pendency.schemas.js';

/**
 * Enters an item in a special register (or takes it out) inside the caller's transaction: its
 * pending row is recomputed (the register's own deadline applies) and the change audited. Used by
 * the register endpoint and (pendency.events.ts) when the dak clerk diarises a receipt into one and
 * when a file takes over a receipt's register.
 */
export async function applyItemRegister(
  tx: Tx,
  actor: Actor,
  type: ItemKind,
  id: string,
  holderPostId: string,
  register: Register | null,
  reference: string | null,
) {
  const [before] = await itemRegister(tx.em, type, id);
  if ((before?.register ?? null) === register && (before?.reference ?? null) === (register ? reference : null)) return;
  if (register) {
    await upsertItemRegister(tx.em, {
      type,
      id,
      register,
      reference,
      postId: actor.postId,
      userId: /^[0-9a-f-]{36}$/i.test(actor.userId) ? actor.userId : null,
    });
  } else {
    await deleteItemRegister(tx.em, type, id);
  }
  await refreshItem(tx.em, type, id);
  tx.emit({
    type: 'pendency.register-set',
    itemType: type,
    itemId: id,
    holderPostId,
    register,
    reference,
    previous: before?.register ?? null,
  });
}

/** The holder enters the item in the RTI, court-case or VIP/MP-reference register, or takes it out. */
export async function setItemRegister(scope: Scope, type: ItemKind, id: string, input: z.infer<typeof setRegisterIn>) {
  const org = await loadOrg(scope.em);
  await loadItemFacts(scope.em, scope.actor, org, type, id);
  await transact(scope, async (tx) => {
    const held = await lockPendingAsHolder(tx, scope, org, type, id, 'setRegister');
    await applyItemRegister(tx, scope.actor, type, id, held.holderPostId, input.register, input.reference ?? null);
  });
  return presentItemPendency(scope, org, await loadItemFacts(scope.em, scope.actor, org, type, id));
}
