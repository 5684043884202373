import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { runPendencyChecks } from './run-pendency-checks.js';

/**
 * Daily at 09:00 IST (03:30 UTC): reminders before due dates, escalation of overdue items,
 * calendars and the trend's weekly sums. Idempotent (alerts are unique per holding, kind and
 * level). `asOf` sets the clock for a run (tests, or re-running a missed day).
 */
export const pendencyChecksJob = defineJob({
  name: 'pendency.checks',
  payload: z.object({ asOf: z.iso.datetime({ offset: true }).optional() }).loose(),
  options: { cron: '30 3 * * *', retryLimit: 3, retryDelaySeconds: 60, expireInSeconds: 60 * 60 },
  async handle(deps, payload) {
    await runPendencyChecks(deps, { asOf: payload.asOf ? new Date(payload.asOf) : new Date() });
  },
});
