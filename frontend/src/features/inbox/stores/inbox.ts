import { defineStore } from 'pinia';
import { onScopeDispose, reactive, ref, watch } from 'vue';
import type { Grading, InboxItem, InboxTab, Priority } from '../../../api/types';
import { onHint } from '../../../realtime/socket';
import { useMeStore } from '../../auth/store';
import { dakApi } from '../../dak/api';

export type InboxSort = 'priority' | 'received' | 'due';

export interface InboxFilters {
  tab: InboxTab;
  priority: Priority | null;
  grading: Grading | null;
  unread: boolean | null;
  sort: InboxSort;
  page: number;
  pageSize: number;
}

/**
 * The acting post's inbox (and its sent items and copies), paginated on the server. An `inbox` hint —
 * or a `receipt` hint for a listed item — refetches the same page with the same filters.
 */
export const useInboxStore = defineStore('inbox', () => {
  const filters = reactive<InboxFilters>({ tab: 'inbox', priority: null, grading: null, unread: null, sort: 'received', page: 1, pageSize: 25 });
  const items = ref<InboxItem[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<unknown>(null);
  let seq = 0;

  async function fetch(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      const res = await dakApi.inbox({
        tab: filters.tab,
        priority: filters.priority ?? undefined,
        grading: filters.grading ?? undefined,
        unread: filters.unread === null ? undefined : filters.unread ? 'true' : 'false',
        sort: filters.sort,
        page: filters.page,
        pageSize: filters.pageSize,
      });
      if (mine !== seq) return;
      // the page emptied (e.g. its last item was sent on): show the last page that has items
      if (!res.items.length && res.total > 0 && filters.page > 1) {
        filters.page = Math.max(1, Math.ceil(res.total / filters.pageSize));
        return fetch();
      }
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

  function setFilter<K extends keyof InboxFilters>(key: K, value: InboxFilters[K]): Promise<void> {
    filters[key] = value;
    if (key !== 'page' && key !== 'pageSize') filters.page = 1;
    return fetch();
  }

  const offInbox = onHint('inbox', () => {
    if (loaded.value) void fetch();
  });
  const offReceipt = onHint('receipt', (ids) => {
    if (loaded.value && (!ids.length || items.value.some((i) => ids.includes(i.id)))) void fetch();
  });
  onScopeDispose(() => {
    offInbox();
    offReceipt();
  });
  const me = useMeStore();
  watch(
    () => me.actingPostId,
    () => {
      if (loaded.value) {
        filters.page = 1;
        void fetch();
      }
    },
  );

  return { filters, items, total, loading, loaded, error, fetch, setFilter };
});
