/**
 * The RTS dashboard: Right to Service delivery per service, office and designated officer (the
 * headline figures Apuni Sarkar publishes), appeals, penalties and compensation, citizen feedback,
 * and each service's on-time record in the public catalogue. A read model: monthly tallies kept by
 * database triggers (sql/rts-tally.sql), read through its own queries.
 */
export { rtsDashboardRoutes } from './rts-dashboard.routes.js';
export { rtsDashboardListeners } from './rts-dashboard.events.js';
export { RTS_DASHBOARD_TABLES } from './rts-dashboard.tables.js';
export { serviceOnTimeRecords } from './service-records.js';
