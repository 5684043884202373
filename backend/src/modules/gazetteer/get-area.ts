import type { Scope } from '../../shared/scope.js';
import { notFound } from '../../shared/app-error.js';
import { assertCan } from '../org/index.js';
import { AreaSchema } from './gazetteer.entity.js';
import { presentArea } from './gazetteer.presenter.js';
import { AREA_POPULATE, servingOffices } from './jurisdiction.js';

/** One area with the offices serving it and, for a locality, those of the areas it lies in. */
export async function getArea(scope: Scope, id: string) {
  assertCan(scope.actor, 'org.read');
  const area = await scope.em.findOne(AreaSchema, { id }, { populate: AREA_POPULATE });
  if (!area) throw notFound();
  const jurisdiction = await servingOffices(scope.em, id);
  const children = await scope.em.count(AreaSchema, { $or: [{ parent: id }, { policeArea: id }] });
  return { ...presentArea(area, jurisdiction), jurisdiction, children };
}
