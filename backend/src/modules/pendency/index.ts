/**
 * The pendency read model's public surface. Nobody below imports it: it is fed by domain events
 * (pendency.events.ts, registered by the composition root) and read through its own queries.
 */
export { pendencyRoutes } from './pendency.routes.js';
export { pendencyListeners } from './pendency.events.js';
export { pendencyChecksJob } from './pendency-checks.job.js';
export { pendencyCompactJob } from './pendency-compact.job.js';
/** Its tables, which the ORM's schema diff leaves alone (they are written by SQL migrations). */
export { PENDENCY_TABLES } from './pendency.tables.js';
export { seedDemoPendency } from './seed-demo-pendency.js';
/** The one meaning of due and overdue, which the inbox (movement's itemDueDates) reads too. */
export { pendencyDueDates } from './due-dates.js';
/** The report files (CSV with BOM, A4 PDF with shaped Hindi) other dashboards export through too. */
export { toCsv, toPdf, type Cell, type ReportTable, type TabularReport } from './report-files.js';
