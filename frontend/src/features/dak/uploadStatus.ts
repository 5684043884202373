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

/** What a dak row shows while it is on its way, as UploadRow has it. */
export interface RowProgress {
  status: RowStatus;
  loaded: number;
  total: number;
  state: ReceiptState | null;
}

/** The message of a row's status line: an i18n key under dak.status, its parameters, and the count that picks the plural form. */
export interface RowMessage {
  key: 'uploading' | 'sent' | 'processing' | 'preparing' | 'ocr' | 'ready' | 'readyWithFailures' | 'rejected' | 'duplicate';
  params: Record<string, number>;
  plural?: number;
}

/**
 * Every byte sent but the server has not answered yet: it is reading the file (a PDF's pages are
 * counted and split before it answers), so the row says "preparing the pages", not "Uploading 100%".
 */
const allSent = (r: RowProgress) => r.total > 0 && r.loaded >= r.total;

/** 0–100 for the row's progress bar; null while the server prepares the file and no share of it can be told. */
export function rowPercent(r: RowProgress): number | null {
  if (r.status === 'uploading') return allSent(r) ? null : r.total ? Math.min(100, Math.round((r.loaded / r.total) * 100)) : 0;
  if (r.status === 'processing' || r.status === 'ocr') return r.state?.percent ?? 0;
  return 100;
}

export function rowMessage(r: RowProgress): RowMessage {
  const s = r.state;
  switch (r.status) {
    case 'uploading':
      return allSent(r) ? { key: 'sent', params: {} } : { key: 'uploading', params: { percent: rowPercent(r) ?? 0 } };
    case 'processing':
      return s?.pages
        ? { key: 'preparing', params: { page: Math.min(s.prepared + 1, s.pages), pages: s.pages } }
        : { key: 'processing', params: {} };
    case 'ocr':
      return { key: 'ocr', params: { page: Math.min((s?.ocrFinished ?? 0) + 1, s?.pages ?? 1), pages: s?.pages ?? 1 } };
    case 'ready':
      return s?.failed
        ? { key: 'readyWithFailures', params: { pages: s.pages, failed: s.failed }, plural: s.pages }
        : { key: 'ready', params: { pages: s?.pages ?? 0 }, plural: s?.pages ?? 0 };
    case 'rejected':
      return { key: 'rejected', params: {} };
    case 'duplicate':
      return { key: 'duplicate', params: {} };
  }
}
