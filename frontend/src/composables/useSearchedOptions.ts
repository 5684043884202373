import { computed, ref, shallowRef, watch } from 'vue';
import { refDebounced } from '@vueuse/core';
import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/vue-query';
import { queryClient } from '../api/queries';

export interface Option {
  value: string;
  label: string;
  /** Text the Select's own filter also searches: code and both languages. */
  search: string;
}

/**
 * Options searched on the server as the user types (posts and users are too many to load whole):
 * the typed text is sent after a pause, through the query cache. Chosen options stay in the list
 * (`pin`) even when a later search does not return them.
 */
export function useSearchedOptions<T extends { id: string }>(options: {
  key: (q: string) => QueryKey;
  search: (q: string, signal: AbortSignal) => Promise<T[]>;
  toOption: (item: T) => Option;
  /** Items never offered (e.g. inactive posts, the acting post). */
  offer?: (item: T) => boolean;
}) {
  const typed = ref('');
  const q = refDebounced(typed, 250);
  const query = useQuery(
    {
      queryKey: computed(() => options.key(q.value)),
      queryFn: ({ signal }) => options.search(q.value, signal),
      placeholderData: keepPreviousData,
    },
    queryClient,
  );
  const found = computed(() => (query.isError.value ? [] : (query.data.value ?? [])).filter((i) => options.offer?.(i) ?? true));
  const known = shallowRef(new Map<string, T>());
  watch(
    found,
    (items) => {
      if (!items.some((i) => !known.value.has(i.id))) return;
      const next = new Map(known.value);
      for (const i of items) next.set(i.id, i);
      known.value = next;
    },
    { immediate: true },
  );
  const pinned = ref<string[]>([]);

  const list = computed<Option[]>(() => {
    const shown = found.value.map(options.toOption);
    const seen = new Set(shown.map((o) => o.value));
    const extra = pinned.value.filter((id) => !seen.has(id) && known.value.has(id)).map((id) => options.toOption(known.value.get(id)!));
    return [...extra, ...shown];
  });

  return {
    options: list,
    /** From the first key typed until its results are in (the pause included): a list still about to change shows it. */
    loading: computed(() => query.isFetching.value || typed.value !== q.value),
    /** The Select's filter text changed. */
    onFilter: (text: string) => (typed.value = text.trim()),
    /** Keeps these (the current selection) among the options. */
    pin: (ids: string | string[] | null) => (pinned.value = (Array.isArray(ids) ? ids : ids ? [ids] : []).filter(Boolean)),
  };
}
