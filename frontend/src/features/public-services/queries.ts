// The applicant's data as the public pages read it. Applicants have no socket (no realtime hints): an
// application's page polls while it is shown and the tab is visible, so a decision appears without a reload.
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useQuery } from '@tanstack/vue-query';
import { isApiError } from '../../api/client';
import { queryClient } from '../../api/queries';
import { publicServicesApi } from './api';

/** How often an open application's page asks again (only while the tab is visible). */
export const STATUS_POLL_MS = 5_000;

export const publicKeys = {
  me: ['public', 'me'] as const,
  services: ['public', 'services'] as const,
  mine: ['public', 'applications'] as const,
  one: (ref: string) => ['public', 'applications', ref] as const,
  area: (id: string) => ['public', 'area', id] as const,
};

/** The signed-in applicant, or null (not signed in: the API's 401). */
export function useApplicantQuery() {
  return useQuery(
    {
      queryKey: publicKeys.me,
      queryFn: ({ signal }) =>
        publicServicesApi.me(signal).catch((e: unknown) => (isApiError(e) && e.status === 401 ? null : Promise.reject(e))),
      retry: false,
    },
    queryClient,
  );
}

/** The live services with their forms. */
export function useCatalogueQuery() {
  return useQuery(
    { queryKey: publicKeys.services, queryFn: ({ signal }) => publicServicesApi.catalogue(signal), staleTime: 60_000 },
    queryClient,
  );
}

/** The applicant's own applications, newest first. */
export function useMyApplicationsQuery(enabled: MaybeRefOrGetter<boolean>) {
  return useQuery(
    { queryKey: publicKeys.mine, queryFn: ({ signal }) => publicServicesApi.mine(1, signal), enabled: computed(() => toValue(enabled)) },
    queryClient,
  );
}

/** One of the applicant's applications, asked again every few seconds while the page is visible. */
export function useMyApplicationQuery(ref: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean>) {
  return useQuery(
    {
      queryKey: computed(() => publicKeys.one(toValue(ref))),
      queryFn: ({ signal }) => publicServicesApi.one(toValue(ref), signal),
      enabled: computed(() => toValue(enabled) && !!toValue(ref)),
      refetchInterval: STATUS_POLL_MS,
      refetchIntervalInBackground: false,
    },
    queryClient,
  );
}

/** An area by its id (an address filed before), looked up once. */
export const fetchArea = (id: string) =>
  queryClient.fetchQuery({
    queryKey: publicKeys.area(id),
    queryFn: ({ signal }) => publicServicesApi.area(id, signal),
    staleTime: Infinity,
  });

/** After filing, resubmitting or rating: the lists and the page show it as it is now. */
export const refreshMine = () => queryClient.invalidateQueries({ queryKey: publicKeys.mine });
