import type { Scope } from '../../shared/scope.js';
import { OfficeSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentOffice } from './org.presenter.js';

/** All offices (the tree is small: a district has tens to a few hundred). */
export async function listOffices(scope: Scope) {
  assertCan(scope.actor, 'org.read');
  const offices = await scope.em.find(OfficeSchema, {}, { orderBy: { code: 'asc' } });
  return { items: offices.map(presentOffice) };
}
