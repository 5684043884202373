import type { Scope } from '../../shared/scope.js';
import { ReceiptPageSchema } from './dak.entity.js';
import { assertCan } from './dak.policy.js';
import { processUploadJob } from './process-upload.job.js';
import { ocrPageJob } from './ocr-page.job.js';

/** How much scanning work is waiting, so the clerk knows what the progress bars are queued behind. */
export async function queueStatus(scope: Scope) {
  assertCan(scope.actor, 'receipt.scan');
  const [ocrWaiting, preprocessingWaiting, pagesPending, ocrRunning] = await Promise.all([
    scope.deps.jobs.queueSize(ocrPageJob.name),
    scope.deps.jobs.queueSize(processUploadJob.name),
    scope.em.count(ReceiptPageSchema, { status: { $in: ['queued', 'ocr_pending'] } }),
    scope.deps.jobs.activeCount(ocrPageJob.name),
  ]);
  return { ocrWaiting, ocrRunning, preprocessingWaiting, pagesPending };
}
