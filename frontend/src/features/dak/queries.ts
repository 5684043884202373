// Receipts and the dak desk as the views read them: `receipt` and `inbox` hints keep them current.
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { keepPreviousData, useQuery } from '@tanstack/vue-query';
import type { SearchQuery } from '../../api/types';
import { keys, queryClient } from '../../api/queries';
import { DRAFTS_QUERY, dakApi } from './api';

export function useReceiptQuery(id: MaybeRefOrGetter<string | null>) {
  return useQuery(
    {
      queryKey: computed(() => keys.receipt.one(toValue(id) ?? '')),
      queryFn: ({ signal }) => dakApi.receipt(toValue(id)!, signal),
      enabled: () => !!toValue(id),
    },
    queryClient,
  );
}

/** What OCR read from a draft's scan (it grows as pages are read); none is no problem. */
export function useSuggestionsQuery(id: MaybeRefOrGetter<string | null>) {
  return useQuery(
    {
      queryKey: computed(() => keys.receipt.suggestions(toValue(id) ?? '')),
      queryFn: ({ signal }) => dakApi.suggestions(toValue(id)!, signal).catch(() => null),
      enabled: () => !!toValue(id),
    },
    queryClient,
  );
}

/** A receipt as it is now: from the cache when it is fresh, else from the API. */
export const fetchReceipt = (id: string) =>
  queryClient.fetchQuery({ queryKey: keys.receipt.one(id), queryFn: ({ signal }) => dakApi.receipt(id, signal) });

/** Draft (not yet diarised) receipts on the acting post's desk, newest first. */
export function useDakDraftsQuery() {
  return useQuery({ queryKey: keys.inbox.list(DRAFTS_QUERY), queryFn: ({ signal }) => dakApi.drafts(signal) }, queryClient);
}
export const fetchDakDrafts = () =>
  queryClient.fetchQuery({ queryKey: keys.inbox.list(DRAFTS_QUERY), queryFn: ({ signal }) => dakApi.drafts(signal) });

/** The OCR and preparation queue of the office (how long the next scan will wait). */
export function useDakQueueQuery() {
  return useQuery({ queryKey: keys.dak.queue, queryFn: ({ signal }) => dakApi.queue(signal) }, queryClient);
}

/** Full-text search; nothing is asked without a query text. */
export function useSearchQuery(query: MaybeRefOrGetter<SearchQuery | null>) {
  return useQuery(
    {
      queryKey: computed(() => keys.search(toValue(query) ?? {})),
      queryFn: ({ signal }) => dakApi.search(toValue(query)!, signal),
      enabled: () => !!toValue(query),
      placeholderData: keepPreviousData,
    },
    queryClient,
  );
}
