import type { JobDefinition } from './define-job.js';
import { purgeExpiredSessionsJob } from '../modules/auth/purge-expired-sessions.job.js';

/** Every background job; queues are created for all of them at start. */
export const allJobs: readonly JobDefinition[] = [purgeExpiredSessionsJob as unknown as JobDefinition];
