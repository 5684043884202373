import type { JobDefinition } from './define-job.js';
import { purgeExpiredSessionsJob } from '../modules/auth/index.js';
import { processUploadJob, ocrPageJob } from '../modules/dak/index.js';
import { pendencyChecksJob, pendencyCompactJob } from '../modules/pendency/index.js';
import { auditCheckpointJob } from '../modules/audit/index.js';
import { outboxDeliveryJob } from './outbox-delivery.job.js';
import { signDocumentJob } from '../modules/passes/index.js';
import { rtsAppealsJob } from '../modules/rts/index.js';

/** Every background job; queues are created for all of them at start. */
export const allJobs = [
  purgeExpiredSessionsJob,
  processUploadJob,
  ocrPageJob,
  pendencyChecksJob,
  pendencyCompactJob,
  auditCheckpointJob,
  outboxDeliveryJob,
  signDocumentJob,
  rtsAppealsJob,
] as unknown as readonly JobDefinition[];
