import type { Scope } from '../../shared/scope.js';
import type { FilterQuery } from '@mikro-orm/core';
import { ChargeSchema, type Charge } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentCharge } from './org.presenter.js';
import { istDate } from '../../shared/dates.js';
import type { ListChargesQuery } from './org.schemas.js';

/** Charges of a post or a user; `current` keeps those in force today. */
export async function listCharges(scope: Scope, query: ListChargesQuery) {
  assertCan(scope.actor, 'org.read');
  const where: FilterQuery<Charge> = {};
  if (query.postId) where.post = query.postId;
  if (query.userId) where.user = query.userId;
  if (query.current) {
    const today = istDate();
    where.fromDate = { $lte: today };
    where.$or = [{ toDate: null }, { toDate: { $gt: today } }];
  }
  const charges = await scope.em.find(ChargeSchema, where, { populate: ['user', 'post'], orderBy: { fromDate: 'desc' }, limit: 500 });
  return { items: charges.map(presentCharge) };
}
