import { toValue, type MaybeRefOrGetter } from 'vue';
import { useQuery } from '@tanstack/vue-query';
import type { InboxQuery } from '../../api/types';
import { keys, queryClient, useListQuery } from '../../api/queries';
import { inboxApi } from '../movement/api';

/** One page of the acting post's desk (inbox, sent, copies, parked, closed), as the filters ask. */
export function useInboxListQuery(query: MaybeRefOrGetter<InboxQuery>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useListQuery(keys.inbox.list, inboxApi.list, query, { enabled });
}

/** The desk's counts (inbox, unread, copies, parked, overdue) for the tabs and the main navigation. */
export function useInboxCountsQuery(enabled: MaybeRefOrGetter<boolean>) {
  return useQuery(
    { queryKey: keys.inbox.counts, queryFn: ({ signal }) => inboxApi.counts(signal), enabled: () => toValue(enabled) },
    queryClient,
  );
}

/** Opening a receipt or file marks it read: the unread counts change. */
export const refreshInboxCounts = () => queryClient.invalidateQueries({ queryKey: keys.inbox.counts });
