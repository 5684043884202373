/**
 * The RTS dashboard's monthly tallies. Their columns and keys are the migrations'; the triggers of
 * sql/rts-tally.sql keep them and the dashboard reads them in SQL (rts-dashboard.queries.ts), so the
 * ORM has no entity for them and its schema diff leaves them alone (db/orm.ts skips them).
 */
export const RTS_DASHBOARD_TABLES = ['rts_tally', 'rts_days', 'rts_month_stamp'] as const;
