/**
 * Right to Service: appeals filed automatically when an application's statutory timeline passes
 * without a decision (and by applicants against a rejection), moving up from the First to the Second
 * Appellate Authority and the Commission when not disposed of in time; appellate orders, penalties
 * and compensation. Above applications; nothing below imports it.
 */
export { rtsEntities, RtsAppealSchema, type RtsAppeal } from './rts.entity.js';
export { rtsRoutes } from './rts.routes.js';
export { rtsListeners } from './rts.events.js';
export { rtsAppealsJob } from './rts-appeals.job.js';
export { runRtsAppeals, type AppealRunReport } from './file-appeals.js';
export { seedDemoRts } from './seed-demo-rts.js';
export { rtsDashboardRoutes, rtsDashboardListeners, RTS_DASHBOARD_TABLES, serviceOnTimeRecords } from './dashboard/index.js';
