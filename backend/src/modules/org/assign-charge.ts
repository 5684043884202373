import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import { ChargeSchema, PostSchema, UserSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentCharge } from './org.presenter.js';
import type { AssignChargeInput } from './org.schemas.js';

/**
 * Gives a user charge of a post (regular or additional) from a date. The post keeps its inbox: a
 * new holder sees what the post holds, nothing moves.
 */
export async function assignCharge(scope: Scope, input: AssignChargeInput) {
  assertCan(scope.actor, 'charge.manage');
  if (input.to && input.to <= input.from) throw invalidState('toBeforeFrom');
  const out = await transact(scope, async (tx) => {
    const user = await tx.em.findOne(UserSchema, { id: input.userId });
    const post = await tx.em.findOne(PostSchema, { id: input.postId });
    if (!user || !post) throw new AppError('NOT_FOUND');
    if (!post.active) throw invalidState('inactivePost');
    const overlapping = await tx.em.count(ChargeSchema, {
      user: user.id,
      post: post.id,
      ...(input.to ? { fromDate: { $lt: input.to } } : {}),
      $or: [{ toDate: null }, { toDate: { $gt: input.from } }],
    });
    if (overlapping) throw invalidState('chargeOverlap');
    const charge = tx.em.create(ChargeSchema, {
      id: randomUUID(),
      user,
      post,
      type: input.type,
      fromDate: input.from,
      toDate: input.to ?? null,
    });
    await tx.em.flush();
    tx.emit({
      type: 'charge.assigned',
      chargeId: charge.id,
      userId: user.id,
      postId: post.id,
      chargeType: input.type,
      from: input.from,
      to: input.to ?? null,
    });
    return presentCharge(charge);
  });
  return out;
}
