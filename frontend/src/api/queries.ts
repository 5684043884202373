// The query cache of the app (TanStack Vue Query): one client, and the keys every feature's queries use.
// Keys start with the entity a realtime hint names, so src/realtime/invalidation.ts can map hints to them.
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { keepPreviousData, QueryClient, useQuery, type QueryKey } from '@tanstack/vue-query';

/**
 * One cache for the whole app. Lists and records are refetched whenever a view shows them again
 * (staleTime 0) and when a hint says they changed; nothing is retried behind the user's back
 * (a failed request shows its error at once); data is kept shallow (answers are replaced, never patched).
 */
export function createAppQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: 0, shallow: true },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createAppQueryClient();

type Params = Record<string, unknown>;

/** Query keys, by entity: `[entity, kind, …params]`. */
export const keys = {
  me: ['me'] as const,
  inbox: {
    all: ['inbox'] as const,
    list: (q: Params) => ['inbox', 'list', q] as const,
    counts: ['inbox', 'counts'] as const,
  },
  receipt: {
    one: (id: string) => ['receipt', id] as const,
    suggestions: (id: string) => ['receipt', id, 'suggestions'] as const,
  },
  dak: { queue: ['dak', 'queue'] as const },
  // the desk's registers change with its receipts: `inbox` hints refetch them
  registers: {
    diary: (q: Params) => ['inbox', 'diary-register', q] as const,
    sent: (q: Params) => ['inbox', 'sent-register', q] as const,
  },
  search: (q: Params) => ['search', q] as const,
  file: {
    one: (id: string) => ['file', id] as const,
    history: (id: string) => ['file', id, 'history'] as const,
    draft: (fileId: string, draftId: string) => ['file', fileId, 'draft', draftId] as const,
    diff: (fileId: string, draftId: string, from: number, to: number) => ['file', fileId, 'draft', draftId, 'diff', from, to] as const,
  },
  files: { list: (q: Params) => ['files', 'list', q] as const },
  appln: { one: (id: string) => ['appln', id] as const },
  publicServices: ['service', 'public'] as const,
  fileHeads: (officeId: string | null, all: boolean) => ['file-heads', officeId, all] as const,
  org: {
    offices: ['office', 'list'] as const,
    sections: (officeId: string | null) => ['section', 'list', officeId] as const,
    posts: (q: Params) => ['post', 'list', q] as const,
    users: (q: Params) => ['user', 'list', q] as const,
    charges: (q: Params) => ['charge', 'list', q] as const,
    areas: (q: Params) => ['area', 'list', q] as const,
    area: (id: string) => ['area', id] as const,
  },
  pendency: {
    all: ['pendency'] as const,
    report: (report: string, q: Params) => ['pendency', report, q] as const,
  },
  notifications: {
    all: ['notification'] as const,
    unread: ['notification', 'unread'] as const,
    list: (q: Params) => ['notification', 'list', q] as const,
  },
  signing: {
    config: ['signing', 'config'] as const,
    agentDownloads: ['signing', 'agent-downloads'] as const,
    pending: ['signing', 'pending'] as const,
  },
  certificates: {
    mine: ['certificate', 'mine'] as const,
    all: ['certificate', 'all'] as const,
  },
  dispatch: (q: Params) => ['dispatch', q] as const,
} satisfies Record<string, unknown>;

/** The third element of a `[entity, kind, params]` key, when it is an object. */
export function keyParams(key: QueryKey): Params | null {
  const p = key[2];
  return p && typeof p === 'object' ? (p as Params) : null;
}

/**
 * A write that makes cached queries stale: runs `write`, then invalidates `stale` (and waits for the
 * refetch of what is shown, so a dialog closes on the updated list).
 */
export function invalidating<A extends unknown[], R>(
  stale: readonly QueryKey[] | ((result: R, ...args: A) => readonly QueryKey[]),
  write: (...args: A) => Promise<R>,
) {
  return async (...args: A): Promise<R> => {
    const result = await write(...args);
    const list = typeof stale === 'function' ? stale(result, ...args) : stale;
    await Promise.all(list.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    return result;
  };
}

/**
 * A list (or report) that follows its query — filters, page — from the address or a form: the last
 * answer stays on screen while the next one loads. `enabled` holds it back; `refetchInterval` polls.
 */
export function useListQuery<Q, T>(
  key: (q: Q) => QueryKey,
  load: (q: Q, signal: AbortSignal) => Promise<T>,
  query: MaybeRefOrGetter<Q>,
  options: { enabled?: MaybeRefOrGetter<boolean>; refetchInterval?: number } = {},
) {
  return useQuery(
    {
      queryKey: computed(() => key(toValue(query))),
      queryFn: ({ signal }) => load(toValue(query), signal),
      placeholderData: keepPreviousData,
      enabled: () => toValue(options.enabled ?? true),
      refetchInterval: options.refetchInterval,
    },
    queryClient,
  );
}
