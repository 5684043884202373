import { z } from 'zod';
import { objectKeys } from '@patravali/storage';
import { defineJob } from '../../jobs/define-job.js';
import { announce } from '../../shared/scope.js';
import { systemActor } from '../../shared/actor.js';
import { ReceiptPageSchema } from './dak.entity.js';
import { ocrPages } from '../../infra/metrics.js';

const RETRIES = 3;

/**
 * OCR of one prepared page (tesseract, eng+hin, offline). Idempotent: a page already read is
 * skipped. A worker killed mid-page leaves the job active; pg-boss expires and retries it, so the
 * page completes after restart. After the last retry the page is marked failed, never lost.
 */
export const ocrPageJob = defineJob({
  name: 'dak.ocr-page',
  payload: z.object({ pageId: z.uuid() }),
  options: { retryLimit: RETRIES, retryDelaySeconds: 3, expireInSeconds: 60, ocr: true },
  async handle(deps, { pageId }, meta) {
    const em = deps.orm.em.fork();
    const page = await em.findOne(ReceiptPageSchema, { id: pageId }, { populate: ['receipt'] });
    if (!page || page.status !== 'ocr_pending') return;
    const receipt = page.receipt.getEntity();
    try {
      const engine = await deps.ocr();
      const image = await deps.store.getBuffer(objectKeys.pageImage(receipt.id, page.id, 'page'));
      const result = await engine.recognize(image);
      const read = await em.nativeUpdate(
        ReceiptPageSchema,
        { id: pageId, status: 'ocr_pending' },
        {
          status: 'done',
          ocrText: result.text.normalize('NFC'),
          ocrConfidence: result.confidence,
          ocrAttempts: page.ocrAttempts + 1,
        },
      );
      if (read) ocrPages.inc({ outcome: 'done' }); // a page another worker finished first is not counted twice
    } catch (err) {
      if (meta.retryCount < RETRIES) {
        await em.nativeUpdate(ReceiptPageSchema, { id: pageId }, { ocrAttempts: page.ocrAttempts + 1 });
        throw err;
      }
      deps.log.error({ err, pageId }, 'OCR failed for good');
      await em.nativeUpdate(ReceiptPageSchema, { id: pageId }, { status: 'failed', ocrAttempts: page.ocrAttempts + 1 });
      ocrPages.inc({ outcome: 'failed' });
    }
    await announce(deps, systemActor(), [{ type: 'receipt.pages-progressed', receiptId: receipt.id, holderPostId: receipt.holderPost.id }]);
  },
});
