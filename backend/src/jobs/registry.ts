import type { JobDefinition } from './define-job.js';
import { purgeExpiredSessionsJob } from '../modules/auth/purge-expired-sessions.job.js';
import { processUploadJob } from '../modules/dak/process-upload.job.js';
import { ocrPageJob } from '../modules/dak/ocr-page.job.js';
import { pendencyChecksJob } from '../modules/pendency/pendency-checks.job.js';
import { pendencyCompactJob } from '../modules/pendency/pendency-compact.job.js';
import { auditCheckpointJob } from '../modules/audit/audit-checkpoint.job.js';

/** Every background job; queues are created for all of them at start. */
export const allJobs = [purgeExpiredSessionsJob, processUploadJob, ocrPageJob, pendencyChecksJob, pendencyCompactJob, auditCheckpointJob] as unknown as readonly JobDefinition[];
