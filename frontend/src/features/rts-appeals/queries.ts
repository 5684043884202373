// Appeals as the views read them. Staff queries start with the `appeal` entity, so the server's
// `appeal` hints (filed, escalated, replied, decided) refetch them (src/realtime/invalidation.ts).
// Applicants have no socket: their page asks again while it is shown, as the application page does.
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useQuery } from '@tanstack/vue-query';
import { queryClient, useListQuery } from '../../api/queries';
import { STATUS_POLL_MS } from '../public-services/queries';
import { appealsApi, type Appeal, type AppealListQuery } from './api';

export const appealKeys = {
  all: ['appeal'] as const,
  list: (q: AppealListQuery) => ['appeal', 'list', q] as const,
  one: (id: string) => ['appeal', id] as const,
  /** The acting post's pending appeals to decide (the navigation's badge). */
  pending: (postId: string | null) => ['appeal', 'count', postId] as const,
  mine: (ref: string) => ['public', 'appeals', ref] as const,
};

/** One page of appeals, as the filters ask (the last page stays on screen while the next loads). */
export function useAppealListQuery(query: MaybeRefOrGetter<AppealListQuery>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useListQuery(appealKeys.list, appealsApi.list, query, { enabled });
}

/** The appeals of one application the user may see (on the application's page). */
export function useApplicationAppealsQuery(applicationId: MaybeRefOrGetter<string>) {
  return useAppealListQuery(
    () => ({ box: 'all', applicationId: toValue(applicationId), page: 1, pageSize: 50 }),
    () => !!toValue(applicationId),
  );
}

export function useAppealQuery(id: MaybeRefOrGetter<string>) {
  return useQuery(
    {
      queryKey: computed(() => appealKeys.one(toValue(id))),
      queryFn: ({ signal }) => appealsApi.get(toValue(id), signal),
      enabled: () => !!toValue(id),
    },
    queryClient,
  );
}

/** Takes a newer state of an appeal (a decision's or reply's answer, or the current one of a 409) as what the cache holds. */
export function putAppeal(a: Appeal): void {
  void queryClient.cancelQueries({ queryKey: appealKeys.one(a.id), exact: true });
  queryClient.setQueryData(appealKeys.one(a.id), a);
  void queryClient.invalidateQueries({ queryKey: ['appeal', 'list'] });
  void queryClient.invalidateQueries({ queryKey: ['appeal', 'count'] });
}

/** How many appeals the acting post has to decide (pending, held by it). */
export function usePendingAppealsCount(postId: MaybeRefOrGetter<string | null>) {
  return useQuery(
    {
      queryKey: computed(() => appealKeys.pending(toValue(postId))),
      queryFn: async ({ signal }) => (await appealsApi.list({ box: 'held', status: 'pending', page: 1, pageSize: 1 }, signal)).total,
      enabled: () => !!toValue(postId),
    },
    queryClient,
  );
}

/** The applicant's appeals of one of their applications, and whether they may appeal its rejection now. */
export function useMyAppealsQuery(ref: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean>) {
  return useQuery(
    {
      queryKey: computed(() => appealKeys.mine(toValue(ref))),
      queryFn: ({ signal }) => appealsApi.mine(toValue(ref), signal),
      enabled: computed(() => toValue(enabled) && !!toValue(ref)),
      refetchInterval: STATUS_POLL_MS,
      refetchIntervalInBackground: false,
    },
    queryClient,
  );
}
