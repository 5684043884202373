import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref } from 'vue';
import type { DakQueue, Receipt } from '../../../api/types';
import { errorText } from '../../../api/errors';
import { i18n } from '../../../i18n';
import { onHint } from '../../../realtime/socket';
import { dakApi } from '../api';
import { receiptState, type ReceiptState, type RowStatus } from '../uploadStatus';

/** One dropped file on the dak desk, from upload to "ready". */
export interface UploadRow {
  index: number;
  name: string;
  size: number;
  status: RowStatus;
  /** Bytes sent / total while uploading. */
  loaded: number;
  total: number;
  receiptId: string | null;
  /** For a duplicate: the diary number of the existing receipt, if it has one. */
  diaryNumber: string | null;
  /** The API's message (already in the user's language) for a rejected or duplicate file. */
  message: string;
  state: ReceiptState | null;
}

const CONCURRENT_UPLOADS = 3;
export const ACCEPT_ATTR = '.jpg,.jpeg,.png,.tif,.tiff,.pdf,image/jpeg,image/png,image/tiff,application/pdf';

/** The files dropped on the dak desk this visit, their progress kept live by `receipt` hints. */
export const useDakUploadsStore = defineStore('dak-uploads', () => {
  const rows = ref<UploadRow[]>([]);
  const queue = ref<DakQueue | null>(null);
  const files = new Map<number, File>();
  const waiting: number[] = [];
  let running = 0;
  let nextIndex = 0;

  const active = computed(() => rows.value.some((r) => r.status === 'uploading' || r.status === 'processing' || r.status === 'ocr'));

  function row(index: number): UploadRow | undefined {
    return rows.value.find((r) => r.index === index);
  }

  /** Adds the files (the server decides what it accepts and says why it refuses) and uploads them, a few at a time, one request per file (so each has its own progress). */
  function add(list: Iterable<File>): void {
    for (const file of list) {
      const index = nextIndex++;
      const r: UploadRow = {
        index,
        name: file.name,
        size: file.size,
        status: 'uploading',
        loaded: 0,
        total: file.size,
        receiptId: null,
        diaryNumber: null,
        message: '',
        state: null,
      };
      rows.value.push(r);
      files.set(index, file);
      waiting.push(index);
    }
    pump();
  }

  function pump(): void {
    while (running < CONCURRENT_UPLOADS && waiting.length) {
      const index = waiting.shift()!;
      running++;
      void uploadOne(index).finally(() => {
        running--;
        pump();
      });
    }
  }

  async function uploadOne(index: number): Promise<void> {
    const file = files.get(index);
    if (!file) return;
    try {
      const res = await dakApi.uploadScans([file], (loaded, total) => {
        const r = row(index);
        if (r) {
          r.loaded = loaded;
          r.total = total || file.size;
        }
      });
      const r = row(index);
      if (!r) return;
      const rejected = res.rejected[0];
      const duplicate = res.duplicates[0];
      const receipt = res.receipts[0];
      if (receipt) {
        r.receiptId = receipt.id;
        applyReceipt(r, receipt);
        void refresh(r);
      } else if (duplicate) {
        r.status = 'duplicate';
        r.receiptId = duplicate.receiptId;
        r.diaryNumber = duplicate.diaryNumber;
        r.message = duplicate.message;
      } else {
        r.status = 'rejected';
        r.message = rejected?.message ?? i18n.global.t('errors.unexpected');
      }
    } catch (e) {
      const r = row(index);
      if (r) {
        r.status = 'rejected';
        r.message = errorText(e, i18n.global.t);
      }
    } finally {
      files.delete(index);
      void loadQueue();
    }
  }

  function applyReceipt(r: UploadRow, receipt: Pick<Receipt, 'progress' | 'pages' | 'uploads'>): void {
    const state = receiptState(receipt);
    r.state = state;
    r.status = state.status;
    if (state.status === 'rejected') r.message = i18n.global.t('dak.unreadable');
  }

  // Hints come one per page; answers can overtake each other. Only the newest request's answer counts,
  // so a row never steps back from "ready" to "ocr".
  const requestSeq = new WeakMap<UploadRow, number>();
  async function refresh(r: UploadRow): Promise<void> {
    if (!r.receiptId) return;
    const mine = (requestSeq.get(r) ?? 0) + 1;
    requestSeq.set(r, mine);
    try {
      const receipt = await dakApi.receipt(r.receiptId);
      if (requestSeq.get(r) !== mine) return;
      applyReceipt(r, receipt);
    } catch {
      // the next hint tries again
    }
  }

  async function loadQueue(): Promise<void> {
    try {
      queue.value = await dakApi.queue();
    } catch {
      // not essential; shown again on the next change
    }
  }

  let queueTimer: ReturnType<typeof setTimeout> | undefined;
  /** Coalesces the bursts of hints OCR sends (one per page) into one queue request. */
  function loadQueueSoon(): void {
    if (queueTimer) return;
    queueTimer = setTimeout(() => {
      queueTimer = undefined;
      void loadQueue();
    }, 500);
  }

  const offHint = onHint('receipt', (ids) => {
    const inFlight = rows.value.filter((r) => r.receiptId && (r.status === 'processing' || r.status === 'ocr'));
    // after a reconnect (no ids) every receipt still in flight is refetched
    for (const r of inFlight) if (!ids.length || ids.includes(r.receiptId!)) void refresh(r);
    if (queue.value) loadQueueSoon();
  });

  onScopeDispose(() => {
    offHint();
    clearTimeout(queueTimer);
  });

  function clearFinished(): void {
    rows.value = rows.value.filter((r) => r.status === 'uploading' || r.status === 'processing' || r.status === 'ocr');
  }

  return { rows, queue, active, add, loadQueue, clearFinished, applyReceipt };
});
