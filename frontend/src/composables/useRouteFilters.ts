import { computed, ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { watchDebounced } from '@vueuse/core';
import { one, pageSizeOf, positive, toRoute } from './routeQuery';

export interface RouteFiltersOptions<F extends object> {
  /** The filters of an address; anything missing or malformed takes its default. */
  parse: (query: LocationQuery) => F;
  /** The defaults: only what differs from them is written to the address. */
  defaults: () => F;
}

/**
 * A list's filters kept in the page address (query string). `filters` follows the address while the
 * view's own route is shown (not the next page's address while leaving); `update` replaces the
 * address, going back to page 1 unless the patch names the page.
 */
export function useRouteFilters<F extends object>(options: RouteFiltersOptions<F>) {
  const route = useRoute();
  const router = useRouter();
  const own = route.name;
  let last = options.parse(route.query);
  const filters = computed<F>(() => {
    if (route.name === own) last = options.parse(route.query);
    return last;
  });

  function write(next: F, replace = true): void {
    // a search applied after its pause may come when the user has already gone to another page: the address is no longer this list's
    if (route.name !== own) return;
    const to = { query: toRoute(next, options.defaults()) };
    void (replace ? router.replace(to) : router.push(to));
  }
  function update(patch: Partial<F>): void {
    const next = { ...filters.value, ...patch };
    if ('page' in next && !('page' in patch)) (next as { page: number }).page = 1;
    write(next);
  }
  return { filters, update, write };
}

/**
 * A search box over a filter: what is typed shows at once and is applied after a pause (`ms`);
 * a change of the filter from elsewhere (Back, "clear filters") shows in the box.
 */
export function useSearchText(current: () => string, apply: (text: string) => void, ms = 300) {
  const text = ref(current());
  watch(current, (v) => {
    if (v !== text.value.trim()) text.value = v;
  });
  watchDebounced(
    text,
    (v) => {
      if (v.trim() !== current()) apply(v.trim());
    },
    { debounce: ms },
  );
  return text;
}

/** The search box, page and page size of a list paged on the server, kept in the address. */
export interface PagedFilters {
  q: string;
  page: number;
  pageSize: number;
}
export const pagedFromRoute = (q: Record<string, unknown>): PagedFilters => {
  const s = (k: string) => one(q[k] as string | undefined);
  return { q: (s('q') ?? '').slice(0, 100), page: positive(s('page'), 1), pageSize: pageSizeOf(s('pageSize'), 25) };
};
export const defaultPaged = (): PagedFilters => ({ q: '', page: 1, pageSize: 25 });

/** A paged list's filters from the address, with its search box (applied after 300 ms) and paging. */
export function usePagedFilters<F extends PagedFilters>(options: { parse: (q: Record<string, unknown>) => F; defaults: () => F }) {
  const state = useRouteFilters(options);
  const searchText = useSearchText(
    () => state.filters.value.q,
    (q) => state.update({ q } as Partial<F>),
  );
  const onPage = (page: number, pageSize: number) => state.update({ page, pageSize } as Partial<F>);
  return { ...state, searchText, onPage };
}
