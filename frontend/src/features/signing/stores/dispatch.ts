import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { useListLoader } from '../../admin/stores/refetch';
import { signingApi } from '../api';
import type { DispatchEntry, DispatchStatus } from '../types';

export interface DispatchFilters {
  status: DispatchStatus | null;
  from: string | null;
  to: string | null;
  q: string;
  page: number;
  pageSize: number;
}

export const defaultDispatchFilters = (): DispatchFilters => ({ status: null, from: null, to: null, q: '', page: 1, pageSize: 25 });

/** The dispatch register of the acting post's office, filtered and paged on the server. */
export const useDispatchStore = defineStore('dispatch-register', () => {
  const filters = reactive<DispatchFilters>(defaultDispatchFilters());
  const items = ref<DispatchEntry[]>([]);
  const total = ref(0);
  // an issue, a dispatch or a countersignature in the office hints `dispatch`
  const list = useListLoader(['dispatch'], async () => {
    const isCurrent = list.current();
    const { status, from, to, q, page, pageSize } = filters;
    const res = await signingApi.dispatchList({ status: status ?? undefined, from: from ?? undefined, to: to ?? undefined, q: q.trim() || undefined, page, pageSize });
    if (!isCurrent()) return;
    items.value = res.items;
    total.value = res.total;
  });

  /** Puts a changed entry in place (after marking it dispatched or countersigning it). */
  function replace(entry: DispatchEntry): void {
    items.value = items.value.map((e) => (e.id === entry.id ? entry : e));
  }

  return { filters, items, total, loading: list.loading, error: list.error, loaded: list.loaded, fetch: list.run, replace };
});
