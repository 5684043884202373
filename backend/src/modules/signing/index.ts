/**
 * The signing module's public surface: DSC enrolment, signing notes and letters, dispatch and
 * verification. It builds on files; files never imports it (signing plugs into fileAddons).
 */
export { signingEntities } from './signing.entity.js';
export { signingRoutes } from './signing.routes.js';
export { signingListeners } from './signing.events.js';
export { signingFileAddons } from './signing.file-addons.js';
