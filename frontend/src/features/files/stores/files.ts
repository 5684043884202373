import { defineStore } from 'pinia';
import { onScopeDispose, reactive, ref } from 'vue';
import type { FileSummary } from '../../../api/types';
import { onHint } from '../../../realtime/socket';
import { filesApi } from '../api';

/** The files the user may see, searched by number, subject, category or keyword; paged on the server. */
export const useFilesListStore = defineStore('files', () => {
  const filters = reactive({ q: '', page: 1, pageSize: 25 });
  const items = ref<FileSummary[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<unknown>(null);
  let seq = 0;

  async function fetch(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      const res = await filesApi.list({ q: filters.q.trim() || undefined, page: filters.page, pageSize: filters.pageSize });
      if (mine !== seq) return;
      items.value = res.items;
      total.value = res.total;
      error.value = null;
      loaded.value = true;
    } catch (e) {
      if (mine === seq) error.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  // files move (holder, status) and new ones are opened: refetch the page shown
  const off = onHint(['inbox', 'file'], () => {
    if (loaded.value) void fetch();
  });
  onScopeDispose(off);

  return { filters, items, total, loading, loaded, error, fetch };
});
