// The RTS dashboard's reports over the query cache, under the key 'rts': an `rts` hint (an application
// filed, decided or rated in an office shown) refetches them a quiet second after a burst
// (src/realtime/invalidation.ts).
import { computed, ref, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { useQuery } from '@tanstack/vue-query';
import { queryClient, useListQuery } from '../../api/queries';
import { useMeStore } from '../auth/store';
import { rtsApi } from './api';
import type { RtsApplicationsQuery, RtsDashboardQuery, RtsFeedbackQuery } from './types';

export const rtsKeys = {
  all: ['rts'] as const,
  access: (postId: string | null) => ['rts', 'access', postId] as const,
  report: (report: string, q: object) => ['rts', report, q] as const,
};

function useReport<Q extends object, T>(report: string, query: MaybeRefOrGetter<Q>, load: (q: Q, signal: AbortSignal) => Promise<T>) {
  const result = useListQuery((q: Q) => rtsKeys.report(report, q), load, query);
  /** How often the shown report was refreshed in place (a hint, a reconnect), for the "updated" line and tests. */
  const refreshes = ref(0);
  watch(result.dataUpdatedAt, (now, before) => {
    if (before && now !== before && !result.isPlaceholderData.value) refreshes.value += 1;
  });
  return { ...result, refreshes };
}

export const useRtsDashboardQuery = (q: MaybeRefOrGetter<RtsDashboardQuery>) => useReport('dashboard', q, rtsApi.dashboard);
export const useRtsApplicationsQuery = (q: MaybeRefOrGetter<RtsApplicationsQuery>) => useReport('applications', q, rtsApi.applications);
export const useRtsFeedbackQuery = (q: MaybeRefOrGetter<RtsFeedbackQuery>) => useReport('feedback', q, rtsApi.feedback);

/** Whether the acting post may see the RTS dashboard (the navigation offers it then): asked only for supervising posts. */
export function useRtsAccess() {
  const me = useMeStore();
  const q = useQuery(
    {
      queryKey: computed(() => rtsKeys.access(me.actingPostId)),
      queryFn: ({ signal }) => rtsApi.access(signal),
      enabled: () => me.isAuthenticated && me.can('supervision'),
      staleTime: 5 * 60_000,
      retry: false,
    },
    queryClient,
  );
  return computed(() => toValue(q.data)?.dashboard ?? false);
}
