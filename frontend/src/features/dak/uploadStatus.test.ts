import { describe, expect, it } from 'vitest';
import type { Receipt, ReceiptPage, ReceiptUpload } from '../../api/types';
import { receiptState, rowMessage, rowPercent, type RowProgress } from './uploadStatus';

function page(pageNo: number, status: ReceiptPage['status']): ReceiptPage {
  const img = `/api/receipts/r1/pages/p${pageNo}`;
  return {
    id: `p${pageNo}`,
    pageNo,
    status,
    width: null,
    height: null,
    ocrText: null,
    ocrConfidence: null,
    images: { page: `${img}/page`, preview: `${img}/preview`, thumb: `${img}/thumb` },
  };
}
const upload = (status: ReceiptUpload['status']): ReceiptUpload => ({
  id: 'u1',
  filename: 'a.pdf',
  kind: 'pdf',
  size: 10,
  sha256: 'x',
  pageCount: 3,
  status,
  error: status === 'failed' ? 'unreadable' : null,
});

function receipt(statuses: ReceiptPage['status'][], uploadStatus: ReceiptUpload['status'] = 'processing') {
  const pages = statuses.map((s, i) => page(i + 1, s));
  const ocrDone = statuses.filter((s) => s === 'done').length;
  const failed = statuses.filter((s) => s === 'failed').length;
  return {
    pages,
    uploads: [upload(uploadStatus)],
    progress: { pages: pages.length, ocrDone, failed, processing: ocrDone + failed < pages.length },
  } satisfies Pick<Receipt, 'progress' | 'pages' | 'uploads'>;
}

describe('receiptState (the dak upload row)', () => {
  it('is processing while pages are still queued for preparation, or none are known yet', () => {
    expect(receiptState(receipt(['queued', 'queued', 'queued']))).toMatchObject({
      status: 'processing',
      pages: 3,
      prepared: 0,
      percent: 0,
    });
    expect(receiptState(receipt(['ocr_pending', 'queued', 'queued']))).toMatchObject({ status: 'processing', prepared: 1, percent: 33 });
    expect(receiptState(receipt([]))).toMatchObject({ status: 'processing', pages: 0 });
  });

  it('is ocr once every page is prepared, counting the pages read', () => {
    expect(receiptState(receipt(['done', 'ocr_pending', 'ocr_pending'], 'ready'))).toMatchObject({
      status: 'ocr',
      ocrFinished: 1,
      pages: 3,
      percent: 33,
    });
    expect(receiptState(receipt(['done', 'failed', 'ocr_pending'], 'ready'))).toMatchObject({ status: 'ocr', ocrFinished: 2, failed: 1 });
  });

  it('is ready when no page is left to read (failed pages included)', () => {
    expect(receiptState(receipt(['done', 'done'], 'ready'))).toMatchObject({ status: 'ready', percent: 100 });
    expect(receiptState(receipt(['done', 'failed'], 'ready'))).toMatchObject({ status: 'ready', failed: 1 });
  });

  it('is rejected when every upload failed and no page could be read', () => {
    expect(receiptState(receipt(['failed', 'failed'], 'failed'))).toMatchObject({ status: 'rejected' });
    expect(receiptState(receipt([], 'failed'))).toMatchObject({ status: 'rejected' });
  });
});

describe('rowMessage', () => {
  const row = (over: Partial<RowProgress>): RowProgress => ({ status: 'uploading', loaded: 0, total: 1000, state: null, ...over });

  it('counts the bytes up while they go, then says the pages are being prepared (not "Uploading 100%")', () => {
    expect(rowMessage(row({ loaded: 500 }))).toEqual({ key: 'uploading', params: { percent: 50 } });
    expect(rowPercent(row({ loaded: 500 }))).toBe(50);
    expect(rowMessage(row({ loaded: 1000 }))).toEqual({ key: 'sent', params: {} });
    expect(rowPercent(row({ loaded: 1000 }))).toBeNull();
  });

  it('names page counts with the count that picks the plural form', () => {
    const state = { status: 'ready' as const, pages: 1, prepared: 1, ocrFinished: 1, failed: 0, percent: 100 };
    expect(rowMessage(row({ status: 'ready', state }))).toEqual({ key: 'ready', params: { pages: 1 }, plural: 1 });
    expect(rowMessage(row({ status: 'processing', state: { ...state, status: 'processing', pages: 3, prepared: 1 } }))).toEqual({
      key: 'preparing',
      params: { page: 2, pages: 3 },
    });
  });
});
