/**
 * The signing module's public surface: DSC enrolment, signing notes and letters, dispatch and
 * verification. It builds on files; files never imports it (signing plugs into fileAddons).
 */
export { signingEntities } from './signing.entity.js';
export { signingRoutes } from './signing.routes.js';
export { signingListeners } from './signing.events.js';
export { signingFileAddons } from './signing.file-addons.js';
/** The installation's QR-token keys: the active one signs (letters, passes), every published one verifies. */
export { activeQrKey, publishedKeys } from './verification-keys.js';
