import type { Receipt } from '../../api/types';

/** Where one dropped file stands: sent to the server, pages being prepared, OCR running, done — or refused. */
export type RowStatus = 'uploading' | 'processing' | 'ocr' | 'ready' | 'rejected' | 'duplicate';

export interface ReceiptState {
  status: Extract<RowStatus, 'processing' | 'ocr' | 'ready' | 'rejected'>;
  /** Pages known so far. */
  pages: number;
  /** Pages prepared (grey-scaled, rotated, preview made). */
  prepared: number;
  /** Pages whose OCR has finished (successfully or not). */
  ocrFinished: number;
  /** Pages whose preparation or OCR failed. */
  failed: number;
  /** 0–100 for the progress bar of the current stage. */
  percent: number;
}

/**
 * The stage of a scanned receipt, from its `progress` and its pages' statuses:
 * pages still `queued` (or no page yet while an upload is processing) → processing;
 * some `ocr_pending` → ocr; nothing left to do → ready; every upload failed → rejected.
 */
export function receiptState(r: Pick<Receipt, 'progress' | 'pages' | 'uploads'>): ReceiptState {
  const pages = Math.max(r.progress.pages, r.pages.length);
  const queued = r.pages.filter((p) => p.status === 'queued').length;
  const failed = r.progress.failed;
  const ocrFinished = r.progress.ocrDone + failed;
  const prepared = pages - queued;
  const uploadsProcessing = r.uploads.some((u) => u.status === 'processing');
  const uploadsFailed = r.uploads.length > 0 && r.uploads.every((u) => u.status === 'failed');
  const base = { pages, prepared, ocrFinished, failed };

  if (uploadsFailed && (pages === 0 || failed >= pages)) return { ...base, status: 'rejected', percent: 100 };
  if (pages === 0) return { ...base, status: uploadsProcessing ? 'processing' : 'ready', percent: uploadsProcessing ? 0 : 100 };
  if (queued > 0) return { ...base, status: 'processing', percent: Math.round((prepared / pages) * 100) };
  if (r.progress.processing || ocrFinished < pages) {
    return { ...base, status: 'ocr', percent: Math.round((ocrFinished / pages) * 100) };
  }
  return { ...base, status: 'ready', percent: 100 };
}
