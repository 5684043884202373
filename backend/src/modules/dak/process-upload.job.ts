import { z } from 'zod';
import { objectKeys } from '@patravali/storage';
import { defineJob } from '../../jobs/define-job.js';
import { announce } from '../../shared/scope.js';
import { systemActor } from '../../shared/actor.js';
import { rasterisePages, preparePage, scanLimits, ScanRejected, type ScanKind } from '../../infra/images/scan-file.js';
import { ReceiptPageSchema, ReceiptUploadSchema } from './dak.entity.js';
import { touchReceiptPages } from './dak.queries.js';
import { ocrPageJob } from './ocr-page.job.js';

/**
 * Splits an uploaded original into pages and prepares each (rotate, greyscale, normalise,
 * preview, thumbnail), storing the images and queueing OCR per page. Idempotent: a retry after a
 * crash skips the pages already prepared, so nothing is lost or done twice.
 */
export const processUploadJob = defineJob({
  name: 'dak.process-upload',
  payload: z.object({ uploadId: z.uuid() }),
  options: { retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 15 * 60, concurrency: 1 },
  async handle(deps, { uploadId }) {
    const em = deps.orm.em.fork();
    const upload = await em.findOne(ReceiptUploadSchema, { id: uploadId }, { populate: ['receipt'] });
    if (!upload || upload.status !== 'processing') return;
    const receipt = upload.receipt.getEntity();
    const notify = () =>
      announce(deps, systemActor(), [{ type: 'receipt.pages-progressed', receiptId: receipt.id, holderPostId: receipt.holderPost.id }]);
    const pages = await em.find(ReceiptPageSchema, { upload: uploadId }, { orderBy: { sourceIndex: 'asc' } });
    const queued = new Map(pages.filter((p) => p.status === 'queued').map((p) => [p.sourceIndex, p]));
    const limits = scanLimits(deps.env);
    try {
      if (queued.size > 0) {
        const bytes = await deps.store.getBuffer(upload.objectKey);
        for await (const { index, image } of rasterisePages(bytes, upload.kind as ScanKind, limits)) {
          const page = queued.get(index);
          if (!page) continue;
          const prepared = await preparePage(image, limits);
          await deps.store.put(objectKeys.pageImage(receipt.id, page.id, 'page'), prepared.ocr, prepared.ocr.length, 'image/png');
          await deps.store.put(
            objectKeys.pageImage(receipt.id, page.id, 'preview'),
            prepared.preview,
            prepared.preview.length,
            'image/jpeg',
          );
          await deps.store.put(objectKeys.pageImage(receipt.id, page.id, 'thumb'), prepared.thumb, prepared.thumb.length, 'image/jpeg');
          await em.transactional(async (tx) => {
            // only the run that moves the page on queues its OCR (a retry racing a slow run does not)
            const moved = await tx.nativeUpdate(
              ReceiptPageSchema,
              { id: page.id, status: 'queued' },
              { status: 'ocr_pending', width: prepared.width, height: prepared.height },
            );
            if (moved === 1)
              await deps.jobs.enqueue(
                ocrPageJob,
                { pageId: page.id },
                { em: tx, priority: upload.pageCount <= 10 ? 10 : 0, expireInSeconds: deps.env.OCR_JOB_TIMEOUT_SECONDS },
              );
          });
          await notify();
        }
      }
      await em.nativeUpdate(ReceiptUploadSchema, { id: uploadId }, { status: 'ready' });
    } catch (err) {
      if (!(err instanceof ScanRejected)) throw err;
      // The bytes passed inspection but fail deeper down: no retry will help; say so on the receipt.
      await em.nativeUpdate(ReceiptUploadSchema, { id: uploadId }, { status: 'failed', error: err.reason });
      await em.nativeUpdate(ReceiptPageSchema, { upload: uploadId, status: 'queued' }, { status: 'failed' });
    }
    await touchReceiptPages(em, receipt.id);
    await notify();
  },
});
