// Applications as the staff views read them: one application (`appln` and `inbox` hints keep it current),
// the service catalogue with its forms, and the gazetteer's areas for addresses.
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/vue-query';
import { keys, queryClient } from '../../api/queries';
import { applicationsApi, type Application } from './api';

export function useApplicationQuery(id: MaybeRefOrGetter<string>) {
  return useQuery(
    {
      queryKey: computed(() => keys.appln.one(toValue(id))),
      queryFn: ({ signal }) => applicationsApi.get(toValue(id), signal),
      enabled: () => !!toValue(id),
    },
    queryClient,
  );
}

/** Takes a newer state of an application (an action's answer, or the current one of a 409) as what the cache holds. */
export function putApplication(a: Application): void {
  void queryClient.cancelQueries({ queryKey: keys.appln.one(a.id), exact: true });
  queryClient.setQueryData(keys.appln.one(a.id), a);
}

/** An application as it is now (e.g. to learn a service's workflow for a bulk decision). */
export const fetchApplication = (id: string) =>
  queryClient.fetchQuery({ queryKey: keys.appln.one(id), queryFn: ({ signal }) => applicationsApi.get(id, signal) });

/** The live services and their forms (changes only when an administrator publishes a version). */
export function usePublicServicesQuery() {
  return useQuery(
    { queryKey: keys.publicServices, queryFn: ({ signal }) => applicationsApi.services(signal), staleTime: 60_000 },
    queryClient,
  );
}

/** Areas whose name, code or PIN matches (at least two characters typed). */
export function useAreaSearchQuery(q: MaybeRefOrGetter<string>) {
  return useQuery(
    {
      queryKey: computed(() => keys.org.areas({ q: toValue(q), pageSize: 10 })),
      queryFn: ({ signal }) => applicationsApi.areas(toValue(q), signal),
      enabled: () => toValue(q).trim().length >= 2,
      placeholderData: keepPreviousData,
    },
    queryClient,
  );
}

/** The gazetteer's areas by id (an address's locality, to show its name). */
export function useAreasById(ids: MaybeRefOrGetter<string[]>) {
  return useQueries(
    {
      queries: computed(() =>
        toValue(ids).map((id) => ({
          queryKey: keys.org.area(id),
          queryFn: ({ signal }: { signal: AbortSignal }) => applicationsApi.area(id, signal),
          staleTime: 5 * 60_000,
          retry: false,
        })),
      ),
      combine: (results) => new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data] as const] : []))),
    },
    queryClient,
  );
}
