import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { runRtsAppeals } from './file-appeals.js';

/**
 * Daily at 09:15 IST (03:45 UTC), after the pendency run: files First Appeals on applications past
 * their Right to Service due date and moves appeals not disposed of in time up a level. Idempotent
 * (an appeal per application and grounds; rows locked while worked). `asOf` sets the clock for a run
 * (tests, or re-running a missed day).
 */
export const rtsAppealsJob = defineJob({
  name: 'rts.appeals',
  payload: z.object({ asOf: z.iso.datetime({ offset: true }).optional() }).loose(),
  options: { cron: '45 3 * * *', retryLimit: 3, retryDelaySeconds: 60, expireInSeconds: 60 * 60 },
  async handle(deps, payload) {
    await runRtsAppeals(deps, { asOf: payload.asOf ? new Date(payload.asOf) : new Date() });
  },
});
