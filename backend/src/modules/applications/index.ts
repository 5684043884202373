/**
 * Applications for public services: the third kind of item that moves between posts (beside receipts
 * and files), filed by citizens (OTP session), staff and counters, routed by the gazetteer to the
 * competent authority and decided by the workflow of the service version they were filed under.
 */

// --- for the composition root
export { applicationEntities, ApplicationSchema, type Application } from './applications.entity.js';
export { applicationKind } from './application.movable.js';
export { applicationRoutes } from './applications.routes.js';
export { applicationsListeners } from './applications.events.js';
export { seedDemoApplications } from './seed-demo-applications.js';

// --- for the modules above (Right to Service)
export { ApplicationStepSchema } from './applications.entity.js';
export { definitionOf, stageName } from './applications.presenter.js';
export { outcomeOf } from './act-on-application.js';
export { rtsView } from './rts-clock.js';
export { filedVersion } from './submit-application.js';
