import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useQueries } from '@tanstack/vue-query';
import type { Receipt } from '../../../api/types';
import { errorText } from '../../../api/errors';
import { keys, queryClient } from '../../../api/queries';
import { i18n } from '../../../i18n';
import { dakApi } from '../api';
import { useDakQueueQuery } from '../queries';
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

/**
 * The files dropped on the dak desk this visit, their progress kept live: each receipt still being
 * prepared or read is a query that `receipt` hints refetch (the newest answer wins, so a row never
 * steps back from "ready" to "ocr").
 */
export const useDakUploadsStore = defineStore('dak-uploads', () => {
  const rows = ref<UploadRow[]>([]);
  const queueQuery = useDakQueueQuery();
  const queue = computed(() => queueQuery.data.value ?? null);
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

  const inFlight = computed(() => [
    ...new Set(rows.value.filter((r) => r.receiptId && (r.status === 'processing' || r.status === 'ocr')).map((r) => r.receiptId!)),
  ]);
  const receipts = useQueries(
    {
      queries: computed(() =>
        inFlight.value.map((id) => ({
          queryKey: keys.receipt.one(id),
          queryFn: ({ signal }: { signal: AbortSignal }) => dakApi.receipt(id, signal),
        })),
      ),
    },
    queryClient,
  );
  watch(receipts, (results) => {
    for (const res of results) {
      const receipt = res.data;
      if (!receipt) continue;
      for (const r of rows.value)
        if (r.receiptId === receipt.id && (r.status === 'processing' || r.status === 'ocr')) applyReceipt(r, receipt);
    }
  });

  async function loadQueue(): Promise<void> {
    await queueQuery.refetch();
  }

  function clearFinished(): void {
    rows.value = rows.value.filter((r) => r.status === 'uploading' || r.status === 'processing' || r.status === 'ocr');
  }

  return { rows, queue, active, add, loadQueue, clearFinished, applyReceipt };
});
