import { computed, onBeforeUnmount, ref, watch } from 'vue';
import type { DataTablePageEvent } from 'primevue/datatable';

interface PagedStore {
  filters: { q: string; page: number; pageSize: number };
  total: number;
  fetch: () => Promise<void>;
}

/**
 * A list paged on the server: the search box (debounced 300 ms), the DataTable's paging props and
 * page events, and `firstPage` to refetch from page 1 after a filter changed.
 */
export function usePagedList(store: PagedStore) {
  const { filters } = store;

  function firstPage(): void {
    filters.page = 1;
    void store.fetch();
  }

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const searchText = ref(filters.q);
  watch(searchText, (q) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      filters.q = q;
      firstPage();
    }, 300);
  });
  onBeforeUnmount(() => clearTimeout(searchTimer));

  function onPage(e: DataTablePageEvent): void {
    filters.page = e.page + 1;
    filters.pageSize = e.rows;
    void store.fetch();
  }

  /** Props of a lazy, paginated DataTable showing the store's current page. */
  const tableProps = computed(() => ({
    lazy: true,
    paginator: true,
    rows: filters.pageSize,
    first: (filters.page - 1) * filters.pageSize,
    totalRecords: store.total,
    rowsPerPageOptions: [25, 50, 100, 200],
  }));

  return { searchText, onPage, firstPage, tableProps };
}
