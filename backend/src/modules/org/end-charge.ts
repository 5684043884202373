import { transact, type Scope } from '../../shared/scope.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import { istDate } from '../../shared/dates.js';
import { ChargeSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentCharge } from './org.presenter.js';
import { assertAdminRemains } from './admin-guard.js';

/** Ends a charge (hand-over) on a date, today by default. The post and its inbox stay. */
export async function endCharge(scope: Scope, id: string, input: { to?: string }) {
  assertCan(scope.actor, 'charge.manage');
  const out = await transact(scope, async (tx) => {
    const charge = await tx.em.findOne(ChargeSchema, { id }, { populate: ['user', 'post'] });
    if (!charge) throw new AppError('NOT_FOUND');
    const today = istDate();
    const to = input.to ?? today;
    if (charge.toDate && charge.toDate <= today) throw invalidState('chargeEnded');
    if (to < charge.fromDate) throw invalidState('toBeforeFrom');
    if (to <= today) await assertAdminRemains(tx.em, { endingChargeId: charge.id });
    charge.toDate = to;
    await tx.em.flush();
    tx.emit({ type: 'charge.ended', chargeId: charge.id, userId: charge.user.id, to: charge.toDate });
    return presentCharge(charge);
  });
  return out;
}
