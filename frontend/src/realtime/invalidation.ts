/**
 * The one place where realtime hints meet the query cache: for every entity the server hints about,
 * which cached queries are now stale. Invalidating refetches the queries a view shows (the cache
 * dedupes and cancels) and marks the others stale for their next showing. A hint with no ids (after a
 * reconnect or a `resync`, when hints may have been missed) stands for every record of the entity.
 */
import { useDebounceFn } from '@vueuse/core';
import type { Query, QueryClient, QueryKey } from '@tanstack/vue-query';
import { keyParams, queryClient as appQueryClient } from '../api/queries';
import { onHint } from './socket';

export interface Target {
  queryKey: QueryKey;
  /** Narrows the queries under `queryKey` (e.g. to lists that show one of the changed items). */
  predicate?: (query: Query) => boolean;
}

export interface HintRule {
  /** Hints of the entity come in bursts: invalidate once, this long after the last (ids of the burst merged). */
  debounceMs?: number;
  targets: (ids: string[]) => Target[];
}

const listShowsAny = (ids: string[]) => (q: Query) => {
  const data = q.state.data as { items?: { id: string }[] } | undefined;
  return !ids.length || !data?.items || data.items.some((i) => ids.includes(i.id));
};
/** The dak desk's list of draft receipts: a new scan lands there before any list knows its id. */
const isDraftList = (q: Query) => keyParams(q.queryKey)?.status === 'draft';
const each = (entity: string, ids: string[]): Target[] =>
  ids.length ? ids.map((id) => ({ queryKey: [entity, id] })) : [{ queryKey: [entity] }];

/**
 * Whether a pendency report shows one of the offices a `pendency` hint names: the dashboard by the
 * offices in its answer, a list narrowed to an office by that office; anything else always.
 */
function pendencyConcerns(ids: string[]) {
  return (q: Query) => {
    if (!ids.length) return true;
    if (q.queryKey[1] === 'summary') {
      const offices = (q.state.data as { offices?: { office: { id: string } }[] } | undefined)?.offices;
      return !offices || offices.some((o) => ids.includes(o.office.id));
    }
    const officeId = keyParams(q.queryKey)?.officeId;
    return typeof officeId !== 'string' || ids.includes(officeId);
  };
}

/** Hint entity → the queries it makes stale. One entity may need several parts with their own pacing. */
export const HINT_RULES: Record<string, HintRule[]> = {
  me: [{ targets: () => [{ queryKey: ['me'] }] }],
  // the acting post's desk changed: its lists and counts, the items named, and the files list (holder, status)
  inbox: [
    {
      targets: (ids) => [
        { queryKey: ['inbox'] },
        { queryKey: ['files', 'list'] },
        ...each('receipt', ids),
        ...each('file', ids),
        ...each('appln', ids),
      ],
    },
  ],
  receipt: [
    {
      targets: (ids) => [
        ...each('receipt', ids),
        { queryKey: ['inbox', 'list'], predicate: (q) => !isDraftList(q) && listShowsAny(ids)(q) },
      ],
    },
    { debounceMs: 300, targets: () => [{ queryKey: ['inbox', 'list'], predicate: isDraftList }] },
    // OCR hints one page at a time: the queue of the dak desk once per burst
    { debounceMs: 500, targets: () => [{ queryKey: ['dak', 'queue'] }] },
  ],
  file: [
    {
      targets: (ids) => [
        ...each('file', ids),
        { queryKey: ['inbox', 'list'], predicate: listShowsAny(ids) },
        { queryKey: ['files', 'list'] },
      ],
    },
  ],
  // an application was filed, acted on or moved: its view and the lists that show it
  appln: [{ targets: (ids) => [...each('appln', ids), { queryKey: ['inbox', 'list'], predicate: listShowsAny(ids) }] }],
  // one move touches two offices, a list of moves many: refetch once after a quiet second
  pendency: [{ debounceMs: 1000, targets: (ids) => [{ queryKey: ['pendency'], predicate: pendencyConcerns(ids) }] }],
  // the RTS dashboard's figures changed in these offices (an application filed, decided, rated): every RTS report, once a quiet second after a burst
  rts: [{ debounceMs: 1000, targets: () => [{ queryKey: ['rts'] }] }],
  // the daily check notifies in bursts
  notification: [{ debounceMs: 400, targets: () => [{ queryKey: ['notification'] }] }],
  // an office, or a head of its file scheme, was added or changed
  office: [{ targets: () => [{ queryKey: ['office'] }, { queryKey: ['file-heads'] }] }],
  // the gazetteer: an import changed areas or the offices serving them
  area: [{ debounceMs: 300, targets: () => [{ queryKey: ['area'] }] }],
  section: [{ targets: () => [{ queryKey: ['section'] }] }],
  post: [{ targets: () => [{ queryKey: ['post'] }] }],
  user: [{ targets: () => [{ queryKey: ['user'] }] }],
  // a charge changes who holds a post: the charges, and the holders shown with posts and users
  charge: [{ targets: () => [{ queryKey: ['charge'] }, { queryKey: ['post'] }, { queryKey: ['user'] }] }],
  certificate: [{ targets: () => [{ queryKey: ['certificate'] }] }],
  // a gate's entries and exits (ids: the office): who is inside it
  gate: [{ targets: (ids) => (ids.length ? ids.map((id) => ({ queryKey: ['gate', 'inside', id] })) : [{ queryKey: ['gate'] }]) }],
  // a pass or certificate of the office was issued, signed or cancelled: the register and the documents shown
  pass: [{ debounceMs: 300, targets: () => [{ queryKey: ['passes'] }] }],
  // an issue, a dispatch or a countersignature in the office
  dispatch: [{ targets: () => [{ queryKey: ['dispatch'] }] }],
  // a Right to Service appeal was filed, escalated, replied to or decided (ids: the appeals): it, the lists and the pending count
  appeal: [{ targets: (ids) => [...each('appeal', ids), { queryKey: ['appeal', 'list'] }, { queryKey: ['appeal', 'count'] }] }],
};

/**
 * Invalidates what the targets match. Targets of the same moment (a reconnect hints every entity at once)
 * are gathered first, so each query is refetched once.
 */
const pending = new Map<QueryClient, Target[]>();
function invalidate(client: QueryClient, targets: Target[]): void {
  const list = pending.get(client);
  if (list) return void list.push(...targets);
  pending.set(client, [...targets]);
  queueMicrotask(() => {
    const all = pending.get(client) ?? [];
    pending.delete(client);
    const stale = new Set<Query>();
    for (const t of all)
      for (const q of client.getQueryCache().findAll({ queryKey: t.queryKey, ...(t.predicate ? { predicate: t.predicate } : {}) }))
        stale.add(q);
    if (stale.size) void client.invalidateQueries({ predicate: (q) => stale.has(q) });
  });
}

/** A rule with its debounce: the ids of a burst are merged; an empty list (everything) wins. */
function runner(client: QueryClient, rule: HintRule): (ids: string[]) => void {
  if (!rule.debounceMs) return (ids) => invalidate(client, rule.targets(ids));
  let pending: Set<string> | null = null;
  let everything = false;
  const flush = useDebounceFn(() => {
    const ids = everything ? [] : [...(pending ?? [])];
    pending = null;
    everything = false;
    invalidate(client, rule.targets(ids));
  }, rule.debounceMs);
  return (ids) => {
    if (!ids.length) everything = true;
    pending ??= new Set();
    for (const id of ids) pending.add(id);
    void flush();
  };
}

let stop: (() => void) | null = null;

/** Subscribes the cache to every hint the rules know (once; again after `uninstall`). */
export function installHintInvalidation(client: QueryClient = appQueryClient, rules: Record<string, HintRule[]> = HINT_RULES): () => void {
  if (stop) return stop;
  const offs = Object.entries(rules).flatMap(([entity, parts]) => parts.map((part) => onHint(entity, runner(client, part))));
  stop = () => {
    for (const off of offs) off();
    stop = null;
  };
  return stop;
}
