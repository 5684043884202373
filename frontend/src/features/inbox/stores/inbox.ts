import { defineStore } from 'pinia';
import { onScopeDispose, reactive, ref, watch } from 'vue';
import type { InboxItem } from '../../../api/types';
import { onHint } from '../../../realtime/socket';
import { useMeStore } from '../../auth/store';
import { inboxApi } from '../../movement/api';
import { defaultFilters, inboxQuery, type InboxFilters } from './query';

/**
 * The acting post's desk list — inbox, sent, copies, parked, closed; receipts and files together or
 * apart — paginated and filtered on the server. An `inbox` hint, or a `receipt`/`file` hint for a
 * listed item, refetches the same page with the same filters; so does a reconnect (ids empty).
 */
export const useInboxStore = defineStore('inbox', () => {
  const filters = reactive<InboxFilters>(defaultFilters());
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
      const res = await inboxApi.list(inboxQuery(filters));
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

  /**
   * Takes all filters at once (from the page address) and fetches if anything changed, nothing is
   * loaded yet, or `always` (coming back to the page: what was read meanwhile is no longer unread).
   */
  function applyFilters(next: InboxFilters, always = false): Promise<void> {
    const changed = (Object.keys(next) as (keyof InboxFilters)[]).some((k) => filters[k] !== next[k]);
    Object.assign(filters, next);
    return changed || always || !loaded.value ? fetch() : Promise.resolve();
  }

  /** Every filter back to its default, keeping the tab. */
  function clearFilters(): Promise<void> {
    const { tab, sort, pageSize } = filters;
    Object.assign(filters, defaultFilters(), { tab, sort, pageSize });
    return fetch();
  }

  const offInbox = onHint('inbox', () => {
    if (loaded.value) void fetch();
  });
  const offItems = onHint(['receipt', 'file'], (ids) => {
    if (loaded.value && (!ids.length || items.value.some((i) => ids.includes(i.id)))) void fetch();
  });
  onScopeDispose(() => {
    offInbox();
    offItems();
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

  return { filters, items, total, loading, loaded, error, fetch, setFilter, applyFilters, clearFilters };
});
