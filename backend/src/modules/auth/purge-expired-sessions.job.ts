import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { SessionSchema } from './session.entity.js';

/** Hourly: deletes sessions past their expiry (they are refused anyway; this keeps the table small). */
export const purgeExpiredSessionsJob = defineJob({
  name: 'auth.purge-expired-sessions',
  payload: z.object({}).loose(),
  options: { cron: '17 * * * *', retryLimit: 2 },
  async handle(deps) {
    const em = deps.orm.em.fork();
    const removed = await em.nativeDelete(SessionSchema, { expiresAt: { $lt: new Date() } });
    if (removed) deps.log.info({ removed }, 'expired sessions purged');
  },
});
