// The pendency reports as the views read them: queries over the cache that `pendency` hints keep
// current (once a quiet second after a burst, and only for reports that show an office the hint
// names: src/realtime/invalidation.ts), and the post's notifications.
import { computed, ref, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { useQuery } from '@tanstack/vue-query';
import { keys, queryClient, useListQuery } from '../../api/queries';
import { notificationsApi, pendencyApi } from './api';
import { defaultDashboard, summaryQuery } from './query';
import type { ActedItemType, DisposalQuery, ItemsQuery, MineQuery, Register, RegisterQuery, SummaryQuery } from './types';

/** A report that follows its query (keeping the last answer on screen while the next one loads). */
function useReport<Q extends object, T>(
  report: MaybeRefOrGetter<string>,
  query: MaybeRefOrGetter<Q>,
  load: (q: Q, signal: AbortSignal) => Promise<T>,
  enabled: MaybeRefOrGetter<boolean> = true,
) {
  const result = useListQuery((q: Q) => keys.pendency.report(toValue(report), q as Record<string, unknown>), load, query, { enabled });
  /** How often the shown report was refreshed in place (a hint, a reconnect), for the "updated" line and tests. */
  const refreshes = ref(0);
  watch(result.dataUpdatedAt, (now, before) => {
    if (before && now !== before && !result.isPlaceholderData.value) refreshes.value += 1;
  });
  return { ...result, refreshes };
}

export const useSummaryQuery = (query: MaybeRefOrGetter<SummaryQuery>, enabled: MaybeRefOrGetter<boolean> = true) =>
  useReport('summary', query, pendencyApi.summary, enabled);
export const useItemsQuery = (query: MaybeRefOrGetter<ItemsQuery>) => useReport('items', query, pendencyApi.items);
export const useMineQuery = (query: MaybeRefOrGetter<MineQuery>) => useReport('mine-with-others', query, pendencyApi.mine);
export const useDisposalQuery = (query: MaybeRefOrGetter<DisposalQuery>) => useReport('disposal', query, pendencyApi.disposal);
export const useRegisterQuery = (register: MaybeRefOrGetter<Register>, query: MaybeRefOrGetter<RegisterQuery>) =>
  useReport(
    () => `registers/${toValue(register)}`,
    query,
    (q, signal) => pendencyApi.register(toValue(register), q, signal),
  );

/** The whole scope of the acting post (every office, for naming places and the office filters), as the dashboard shows it unfiltered. */
export function useScopeQuery() {
  const scope = useSummaryQuery(summaryQuery(defaultDashboard()));
  const offices = computed(() => scope.data.value?.offices.map((o) => ({ office: o.office, depth: o.depth })) ?? []);
  return { ...scope, offices };
}

/** One item's pendency (receipt and file views): refetched after an action here and with the pendency reports. */
export function useItemPendencyQuery(
  type: MaybeRefOrGetter<ActedItemType>,
  id: MaybeRefOrGetter<string>,
  enabled: MaybeRefOrGetter<boolean> = true,
) {
  return useQuery(
    {
      queryKey: computed(() => keys.pendency.report('item', { type: toValue(type), id: toValue(id) })),
      queryFn: ({ signal }) => pendencyApi.item(toValue(type), toValue(id), signal),
      enabled: () => toValue(enabled),
      retry: false,
    },
    queryClient,
  );
}

/** After a reason, a register or a reminder: every pendency view, the desk (due dates) and the notifications refetch. */
export const refreshAfterPendencyAction = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.pendency.all }),
    queryClient.invalidateQueries({ queryKey: keys.inbox.all }),
    queryClient.invalidateQueries({ queryKey: keys.notifications.all }),
  ]);

// --- notifications

/** The unread count for the bell, with the newest unread one (for the "new notification" toast). */
export function useUnreadQuery(enabled: MaybeRefOrGetter<boolean>) {
  return useQuery(
    {
      queryKey: keys.notifications.unread,
      queryFn: ({ signal }) => notificationsApi.list({ unread: 'true', page: 1, pageSize: 1 }, signal),
      enabled: () => toValue(enabled),
    },
    queryClient,
  );
}

export function useNotificationsQuery(query: MaybeRefOrGetter<{ unread?: 'true'; page: number; pageSize: number }>) {
  return useListQuery(keys.notifications.list, notificationsApi.list, query);
}

/** Marking read changes the count and the lists. */
export const notificationWrites = {
  read: async (id: string) => {
    const n = await notificationsApi.read(id);
    await queryClient.invalidateQueries({ queryKey: keys.notifications.all });
    return n;
  },
  readAll: async () => {
    const res = await notificationsApi.readAll();
    await queryClient.invalidateQueries({ queryKey: keys.notifications.all });
    return res;
  },
};
