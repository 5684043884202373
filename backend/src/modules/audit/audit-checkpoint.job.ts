import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { loadOrCreateCheckpointKey, writeAuditCheckpoint } from './audit-checkpoint.js';

/**
 * Every AUDIT_CHECKPOINT_MINUTES (scheduled at start, see system.ts): a signed checkpoint of the
 * audit chain's head into object storage. pg-boss hands each run to one worker process.
 */
export const auditCheckpointJob = defineJob({
  name: 'audit.checkpoint',
  payload: z.object({}).loose(),
  options: { retryLimit: 5, retryDelaySeconds: 30, expireInSeconds: 5 * 60 },
  async handle(deps) {
    await writeAuditCheckpoint(deps.pool, deps.store, await loadOrCreateCheckpointKey(deps.env, deps.log), deps.log);
  },
});
