/**
 * The gazetteer: districts, tehsils, police-station areas and localities with their PIN codes, and
 * the offices (and deciding posts) that serve them. Builds on org (offices, posts); the public
 * services engine above resolves jurisdiction through it.
 */

// --- for the modules above: resolving where an application belongs
export { AREA_KINDS, SERVING_ROLES, ROLE_AREA_KINDS, type AreaKind, type ServingRole } from './gazetteer.entity.js';
export {
  areaOfLocality,
  areaWithServing,
  servingOffices,
  servingOfficeFor,
  type AreaChain,
  type AreaInfo,
  type ServingOffice,
} from './jurisdiction.js';

// --- for the composition root
export { gazetteerEntities } from './gazetteer.entity.js';
export { gazetteerRoutes } from './gazetteer.routes.js';
export { gazetteerListeners } from './gazetteer.events.js';
export { importGazetteer, type GazetteerImportReport } from './import-gazetteer.js';
export { seedDemoGazetteer } from './seed-demo-gazetteer.js';
