import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { compactTallies } from './pendency-maintenance.js';

/** Every minute: folds the logged pendency changes into the dashboard's tallies (keeps what it sums small). */
export const pendencyCompactJob = defineJob({
  name: 'pendency.compact',
  payload: z.object({}).loose(),
  options: { cron: '* * * * *', retryLimit: 1, expireInSeconds: 300 },
  async handle(deps) {
    await deps.orm.em.fork().transactional((em) => compactTallies(em as never));
  },
});
