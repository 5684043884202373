/**
 * Pendency's tables. Their columns, keys and indexes are the migrations'; pendency reads and writes
 * them only in SQL (the *.queries.ts files, and the triggers and functions of sql/), so the ORM has no
 * entity for them and its schema diff must leave them alone (db/orm.ts skips them).
 */
export const PENDENCY_TABLES = [
  'pendency_rule',
  'pendency_work_week',
  'pendency_holiday',
  'pendency_working_day',
  'pendency_register',
  'pendency_delay_reason',
  'pendency_item',
  'pendency_event',
  'pendency_week',
  'pendency_escalation_level',
  'pendency_alert',
  'notification',
  'pendency_nudge',
  'pendency_delta',
  'pendency_tally_held',
  'pendency_tally_started',
  'pendency_tally_due',
  'pendency_tally_origin',
] as const;
