import { objectKeys } from '@patravali/storage';
import type { Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { ReceiptPageSchema, type ReceiptPage } from './dak.entity.js';
import { loadVisibleReceipt } from './dak.policy.js';

/** Whether a page has its images yet (prepared; a page that failed OCR keeps the images it had). */
export const hasImages = (page: Pick<ReceiptPage, 'status' | 'width'>) =>
  page.status !== 'queued' && !(page.status === 'failed' && !page.width);
/** Where the API serves a page's image. */
export const pageImageUrl = (receiptId: string, pageId: string, variant: 'page' | 'preview' | 'thumb') =>
  `/api/receipts/${receiptId}/pages/${pageId}/${variant}`;

/** A page image (OCR-ready page, screen preview or thumbnail) of a receipt the user may see. */
export async function getPageImage(scope: Scope, input: { id: string; pageId: string; variant: 'page' | 'preview' | 'thumb' }) {
  await loadVisibleReceipt(scope.em, scope.actor, input.id);
  const page = await scope.em.findOne(ReceiptPageSchema, { id: input.pageId, receipt: input.id });
  if (!page || !hasImages(page)) throw new AppError('NOT_FOUND');
  const key = objectKeys.pageImage(input.id, page.id, input.variant);
  const stat = await scope.deps.store.stat(key);
  if (!stat) throw new AppError('NOT_FOUND');
  return { stream: await scope.deps.store.get(key), contentType: input.variant === 'page' ? 'image/png' : 'image/jpeg', size: stat.size };
}
