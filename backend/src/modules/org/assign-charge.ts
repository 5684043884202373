import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import { ChargeSchema, PostSchema, UserSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentCharge } from './org.presenter.js';
import { rooms } from '../../realtime/hints.js';
import { forgetUserSessions } from '../auth/sessions.js';
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
      user: user.id, post: post.id,
      ...(input.to ? { fromDate: { $lt: input.to } } : {}),
      $or: [{ toDate: null }, { toDate: { $gt: input.from } }],
    });
    if (overlapping) throw invalidState('chargeOverlap');
    const charge = tx.em.create(ChargeSchema, { id: randomUUID(), user, post, type: input.type, fromDate: input.from, toDate: input.to ?? null });
    await tx.em.flush();
    await tx.audit({ action: 'charge.assign', objectType: 'charge', objectId: charge.id, details: { userId: user.id, postId: post.id, type: input.type, from: input.from, to: input.to ?? null } });
    tx.hint(rooms.org, { entity: 'charge', ids: [charge.id] });
    tx.hint(rooms.user(user.id), { entity: 'me', ids: [user.id] });
    return presentCharge(charge);
  });
  forgetUserSessions(input.userId);
  return out;
}
