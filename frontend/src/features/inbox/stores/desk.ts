import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, watch } from 'vue';
import { onReconnect } from '../../../realtime/socket';
import { useMeStore } from '../../auth/store';
import { inboxApi } from '../../movement/api';
import { refreshInboxCounts, useInboxCountsQuery } from '../queries';

export interface MissedWhileAway {
  /** Items (receipts and files) that reached the acting post while the connection was down. */
  arrived: number;
  /** Items that left it meanwhile (pulled back by their sender, taken over). */
  left: number;
  /** Increments with every catch-up that found something, so a watcher sees repeated news. */
  seq: number;
}

/**
 * The acting post's desk counts (the `inbox` counts query: hints keep it current) for the tabs and
 * the main navigation, and the catch-up after a lost connection: `GET /api/inbox/changes?since=` from
 * the server's own clock, so the user learns what arrived while they were offline.
 */
export const useDeskStore = defineStore('desk', () => {
  const me = useMeStore();
  const started = ref(false);
  const countsQuery = useInboxCountsQuery(() => started.value && !!me.actingPostId);
  const counts = computed(() => (me.actingPostId ? (countsQuery.data.value ?? null) : null));
  const missed = ref<MissedWhileAway | null>(null);
  /** Server time up to which the desk is known to be up to date. */
  let syncedAt: string | null = null;
  /** Server clock minus ours, learnt from the changes call, to advance `syncedAt` as fresh counts come in. */
  let skewMs = 0;
  let catchingUp = false;
  let missedSeq = 0;

  const serverNow = () => new Date(Date.now() + skewMs).toISOString();

  /** Learns the server's clock: the point from which a later catch-up asks for changes. */
  async function calibrate(): Promise<void> {
    if (!me.actingPostId) return;
    try {
      const res = await inboxApi.changes(new Date().toISOString());
      skewMs = new Date(res.now).getTime() - Date.now();
      syncedAt = res.now;
    } catch {
      syncedAt = null;
    }
  }

  /** After a reconnect: what arrived and left since the last time the desk was up to date. */
  async function catchUp(): Promise<void> {
    if (!me.actingPostId) return;
    if (!syncedAt) return calibrate();
    catchingUp = true;
    try {
      const res = await inboxApi.changes(syncedAt);
      skewMs = new Date(res.now).getTime() - Date.now();
      syncedAt = res.now;
      const arrived = new Set(res.arrived.map((a) => `${a.type}:${a.id}`)).size;
      const left = new Set(res.left.map((a) => `${a.type}:${a.id}`)).size;
      if (arrived || left) missed.value = { arrived, left, seq: ++missedSeq };
    } catch {
      // the lists refetch anyway; the next reconnect tries again from the same point
    } finally {
      catchingUp = false;
    }
  }

  /** Starts counting (once, from the shell). */
  async function start(): Promise<void> {
    if (started.value) return;
    started.value = true;
    await calibrate();
  }

  // counts refetched live (a hint) mean the desk is up to date now
  watch(countsQuery.dataUpdatedAt, (now, before) => {
    if (before && syncedAt && !catchingUp) syncedAt = serverNow();
  });
  const offReconnect = onReconnect(() => {
    if (started.value) void catchUp();
  });
  onScopeDispose(offReconnect);
  watch(
    () => me.actingPostId,
    () => {
      if (!started.value) return;
      missed.value = null;
      syncedAt = null;
      void calibrate();
    },
  );

  return { counts, missed, start, fetchCounts: refreshInboxCounts, catchUp };
});
