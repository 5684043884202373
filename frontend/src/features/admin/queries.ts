// The organisation as the admin pages (and the pickers elsewhere) read it: queries over the cache,
// writes that make the right lists stale. Hints keep them current (src/realtime/invalidation.ts).
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useQueries, useQuery } from '@tanstack/vue-query';
import { invalidating, keys, queryClient, useListQuery } from '../../api/queries';
import {
  adminApi,
  outboxApi,
  servicesApi,
  type AreaQuery,
  type ChargeQuery,
  type OutboxQuery,
  type PostQuery,
  type UserQuery,
} from './api';

/** Offices change rarely and every change is hinted: one list for the whole visit. */
const ORG_STALE_MS = 5 * 60_000;

export function useOfficesQuery() {
  const query = useQuery(
    { queryKey: keys.org.offices, queryFn: ({ signal }) => adminApi.listOffices(signal), staleTime: ORG_STALE_MS },
    queryClient,
  );
  const items = computed(() => query.data.value?.items ?? []);
  const byId = computed(() => new Map(items.value.map((o) => [o.id, o])));
  return { ...query, items, byId };
}

export function useSectionsQuery(officeId: MaybeRefOrGetter<string | null>) {
  return useQuery(
    {
      queryKey: computed(() => keys.org.sections(toValue(officeId))),
      queryFn: ({ signal }) => adminApi.listSections(toValue(officeId)!, signal),
      enabled: () => !!toValue(officeId),
      staleTime: ORG_STALE_MS,
    },
    queryClient,
  );
}

/** The sections of several offices, by id (to name the sections of listed posts). */
export function useSectionsOf(officeIds: MaybeRefOrGetter<string[]>) {
  const results = useQueries(
    {
      queries: computed(() =>
        toValue(officeIds).map((id) => ({
          queryKey: keys.org.sections(id),
          queryFn: ({ signal }: { signal: AbortSignal }) => adminApi.listSections(id, signal),
          staleTime: ORG_STALE_MS,
        })),
      ),
    },
    queryClient,
  );
  return computed(() => new Map(results.value.flatMap((r) => r.data?.items ?? []).map((s) => [s.id, s])));
}

export function usePostsQuery(query: MaybeRefOrGetter<PostQuery>) {
  return useListQuery(keys.org.posts, adminApi.listPosts, query);
}

export function useAreasQuery(query: MaybeRefOrGetter<AreaQuery>) {
  return useListQuery(keys.org.areas, adminApi.listAreas, query);
}

/** Imports a gazetteer CSV; the area lists refetch. */
export async function importAreas(csv: string) {
  const report = await adminApi.importAreas(csv);
  await queryClient.invalidateQueries({ queryKey: ['area'] });
  return report;
}

export function useUsersQuery(query: MaybeRefOrGetter<UserQuery>) {
  return useListQuery(keys.org.users, adminApi.listUsers, query);
}

export function useChargesQuery(query: MaybeRefOrGetter<ChargeQuery>) {
  return useListQuery(keys.org.charges, adminApi.listCharges, query);
}

/** The file heads (active and inactive) of one office. */
export function useFileHeadsQuery(officeId: MaybeRefOrGetter<string | null>) {
  return useQuery(
    {
      queryKey: computed(() => keys.fileHeads(toValue(officeId), true)),
      queryFn: ({ signal }) => adminApi.listFileHeads(toValue(officeId)!, signal),
      enabled: () => !!toValue(officeId),
    },
    queryClient,
  );
}

const OFFICES = [keys.org.offices];
/** The writes of the admin pages; each makes the lists it changes stale. */
export const adminWrites = {
  createOffice: invalidating(OFFICES, adminApi.createOffice),
  updateOffice: invalidating(OFFICES, adminApi.updateOffice),
  createSection: invalidating([['section']], adminApi.createSection),
  updateSection: invalidating([['section']], adminApi.updateSection),
  createPost: invalidating([['post']], adminApi.createPost),
  updatePost: invalidating([['post']], adminApi.updatePost),
  createUser: invalidating([['user']], adminApi.createUser),
  updateUser: invalidating([['user']], adminApi.updateUser),
  // who holds a post shows with posts and users too
  createCharge: invalidating([['charge'], ['post'], ['user']], adminApi.createCharge),
  endCharge: invalidating([['charge'], ['post'], ['user']], adminApi.endCharge),
  createFileHead: invalidating([['file-heads']], adminApi.createFileHead),
  updateFileHead: invalidating([['file-heads']], adminApi.updateFileHead),
};

/** The outbox: refetched every 10 s while open (in demo mode it is where one-time passwords "arrive"). */
export function useOutboxQuery(query: MaybeRefOrGetter<OutboxQuery>) {
  return useListQuery((q) => ['outbox', q] as const, outboxApi.list, query, { refetchInterval: 10_000 });
}

// --- the service catalogue (no hints: only administrators change it, and their own writes refetch)
export const serviceKeys = {
  all: ['service'] as const,
  list: ['service', 'list'] as const,
  one: (code: string) => ['service', 'one', code] as const,
  version: (code: string, number: number) => ['service', 'version', code, number] as const,
};

export function useServicesQuery() {
  return useQuery({ queryKey: serviceKeys.list, queryFn: ({ signal }) => servicesApi.list(signal) }, queryClient);
}

/** One service and its versions (none for a new service). */
export function useServiceQuery(code: MaybeRefOrGetter<string | null>) {
  return useQuery(
    {
      queryKey: computed(() => serviceKeys.one(toValue(code) ?? '')),
      queryFn: ({ signal }) => servicesApi.get(toValue(code)!, signal),
      enabled: () => !!toValue(code),
    },
    queryClient,
  );
}

/** One version's definition; versions never change once written but for a draft replaced by a new one, so it is refetched like the rest. */
export function useServiceVersionQuery(code: MaybeRefOrGetter<string | null>, number: MaybeRefOrGetter<number | null>) {
  return useQuery(
    {
      queryKey: computed(() => serviceKeys.version(toValue(code) ?? '', toValue(number) ?? 0)),
      queryFn: ({ signal }) => servicesApi.version(toValue(code)!, toValue(number)!, signal),
      enabled: () => !!toValue(code) && !!toValue(number),
    },
    queryClient,
  );
}

/** The writes of the catalogue; the service lists and versions refetch. */
export const serviceWrites = {
  import: invalidating([serviceKeys.all], servicesApi.import),
  publish: invalidating([serviceKeys.all], servicesApi.publish),
};
