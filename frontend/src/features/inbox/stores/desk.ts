import { defineStore } from 'pinia';
import { onScopeDispose, ref, watch } from 'vue';
import type { InboxCounts } from '../../../api/types';
import { onHint, onReconnect } from '../../../realtime/socket';
import { useMeStore } from '../../auth/store';
import { inboxApi } from '../../movement/api';

export interface MissedWhileAway {
  /** Items (receipts and files) that reached the acting post while the connection was down. */
  arrived: number;
  /** Items that left it meanwhile (pulled back by their sender, taken over). */
  left: number;
  /** Increments with every catch-up that found something, so a watcher sees repeated news. */
  seq: number;
}

/**
 * The acting post's desk counts (inbox, unread, copies, parked, overdue) for the tabs and the main
 * navigation, and the catch-up after a lost connection: `GET /api/inbox/changes?since=` from the
 * server's own clock, so the user learns what arrived while they were offline.
 */
export const useDeskStore = defineStore('desk', () => {
  const me = useMeStore();
  const counts = ref<InboxCounts | null>(null);
  const missed = ref<MissedWhileAway | null>(null);
  /** Server time up to which the desk is known to be up to date. */
  let syncedAt: string | null = null;
  /** Server clock minus ours, learnt from the changes call, to advance `syncedAt` on live hints. */
  let skewMs = 0;
  let started = false;
  let countSeq = 0;
  let missedSeq = 0;

  const serverNow = () => new Date(Date.now() + skewMs).toISOString();

  async function fetchCounts(): Promise<void> {
    if (!me.actingPostId) {
      counts.value = null;
      return;
    }
    const mine = ++countSeq;
    try {
      const c = await inboxApi.counts();
      if (mine === countSeq) counts.value = c;
    } catch {
      // counts are a convenience: the lists show their own errors
    }
  }

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
    if (!syncedAt) {
      await Promise.all([calibrate(), fetchCounts()]);
      return;
    }
    try {
      const res = await inboxApi.changes(syncedAt);
      skewMs = new Date(res.now).getTime() - Date.now();
      syncedAt = res.now;
      const arrived = new Set(res.arrived.map((a) => `${a.type}:${a.id}`)).size;
      const left = new Set(res.left.map((a) => `${a.type}:${a.id}`)).size;
      if (arrived || left) missed.value = { arrived, left, seq: ++missedSeq };
    } catch {
      // the lists refetch anyway; the next reconnect tries again from the same point
    }
    await fetchCounts();
  }

  /** Starts counting (once, from the shell). */
  async function start(): Promise<void> {
    if (started) return;
    started = true;
    await Promise.all([fetchCounts(), calibrate()]);
  }

  const offHint = onHint('inbox', (ids) => {
    if (!started || !ids.length) return;
    // a live hint means we are up to date now
    if (syncedAt) syncedAt = serverNow();
    void fetchCounts();
  });
  const offReconnect = onReconnect(() => {
    if (started) void catchUp();
  });
  onScopeDispose(() => {
    offHint();
    offReconnect();
  });
  watch(
    () => me.actingPostId,
    () => {
      if (!started) return;
      counts.value = null;
      missed.value = null;
      syncedAt = null;
      void Promise.all([fetchCounts(), calibrate()]);
    },
  );

  return { counts, missed, start, fetchCounts, catchUp };
});
