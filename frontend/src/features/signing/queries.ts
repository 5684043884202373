// Signing and dispatch data as the views read them: queries over the cache (`dispatch` and
// `certificate` hints keep them current) and writes that make them stale.
import { type MaybeRefOrGetter } from 'vue';
import { useQuery } from '@tanstack/vue-query';
import { invalidating, keys, queryClient, useListQuery } from '../../api/queries';
import { signingApi } from './api';
import type { DispatchEntry, DispatchQuery, EnrolledCertificate } from './types';

const newestFirst = (list: EnrolledCertificate[]) => [...list].sort((a, b) => b.enrolledAt.localeCompare(a.enrolledAt));

/** The user's own enrolled DSCs (every status), newest first. */
export function useMyCertificatesQuery() {
  return useQuery(
    {
      queryKey: keys.certificates.mine,
      queryFn: async ({ signal }) => newestFirst((await signingApi.myCertificates(signal)).certificates),
    },
    queryClient,
  );
}
/** The user's own enrolled DSCs as they are now (the signing flow matches them with the token's). */
export const fetchMyCertificates = () =>
  queryClient.fetchQuery({
    queryKey: keys.certificates.mine,
    queryFn: async ({ signal }) => newestFirst((await signingApi.myCertificates(signal)).certificates),
  });

/** Every enrolled DSC of every user (administration), for revoking. */
export function useAllCertificatesQuery() {
  return useQuery(
    {
      queryKey: keys.certificates.all,
      queryFn: async ({ signal }) => newestFirst((await signingApi.allCertificates(signal)).certificates),
    },
    queryClient,
  );
}

/** The dispatch register of the acting post's office, filtered and paged on the server. */
export function useDispatchQuery(query: MaybeRefOrGetter<DispatchQuery>) {
  return useListQuery(keys.dispatch, signingApi.dispatchList, query);
}

/** What waits for the user's signature in the acting post's files. */
export function usePendingSignaturesQuery() {
  return useQuery({ queryKey: keys.signing.pending, queryFn: ({ signal }) => signingApi.pending(signal) }, queryClient);
}

/** Where the agent is and whether this is a demo (fetched once a visit). */
export const fetchSigningConfig = (force = false) =>
  queryClient.fetchQuery({
    queryKey: keys.signing.config,
    queryFn: ({ signal }) => signingApi.config(signal),
    staleTime: force ? 0 : Infinity,
  });

/** A dispatch entry changed (marked, countersigned): the register shows it as it is now. */
export function putDispatchEntry(entry: DispatchEntry): void {
  queryClient.setQueriesData<{ items: DispatchEntry[] }>({ queryKey: ['dispatch'] }, (page) =>
    page ? { ...page, items: page.items.map((e) => (e.id === entry.id ? entry : e)) } : page,
  );
}

export const signingWrites = {
  revoke: invalidating([keys.certificates.all, keys.certificates.mine], signingApi.revoke),
  markDispatched: async (id: string, input: Parameters<typeof signingApi.markDispatched>[1]) => {
    const res = await signingApi.markDispatched(id, input);
    putDispatchEntry(res.entry);
    return res;
  },
};

/** After signing: what waits for a signature, the files and the register changed. */
export const afterSigning = () =>
  Promise.all([keys.signing.pending, ['dispatch'], ['file']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
export const refreshMyCertificates = () => queryClient.invalidateQueries({ queryKey: keys.certificates.mine });

/** The signing agent's installers published on this server (they change only when an administrator publishes one). */
export function useAgentDownloadsQuery() {
  return useQuery(
    { queryKey: keys.signing.agentDownloads, queryFn: ({ signal }) => signingApi.agentDownloads(signal), staleTime: 10 * 60_000 },
    queryClient,
  );
}
