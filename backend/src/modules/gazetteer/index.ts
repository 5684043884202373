/**
 * The gazetteer: districts, tehsils, police-station areas and localities with their PIN codes, and
 * the offices (and deciding posts) that serve them. Builds on org (offices, posts); the public
 * services engine above resolves jurisdiction through it.
 */
export { gazetteerEntities, AREA_KINDS, SERVING_ROLES, type AreaKind, type ServingRole } from './gazetteer.entity.js';
