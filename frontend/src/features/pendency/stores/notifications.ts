import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useMeStore } from '../../auth/store';
import { useUnreadQuery } from '../queries';
import type { AppNotification } from '../types';

/**
 * The acting post's unread reminders and escalations for the bell and the tab (the unread query:
 * `notification` hints keep it current), and the news that a new one has just arrived.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const me = useMeStore();
  const started = ref(false);
  const query = useUnreadQuery(() => started.value && !!me.actingPostId);
  const unread = computed(() => (me.actingPostId ? (query.data.value?.unread ?? 0) : 0));
  /** The newest unread one, for the "new notification" toast. */
  const latest = computed<AppNotification | null>(() => (me.actingPostId ? (query.data.value?.items[0] ?? null) : null));
  /** Increments when notifications arrive that are newer than the newest seen; `arrived` says how many came with the last ones. */
  const arrivals = ref(0);
  const arrived = ref(0);

  watch(query.data, (now, before) => {
    const newest = now?.items[0];
    const previous = before?.items[0];
    // the first count of a post (or after switching to it) is no news; a newer one than we had is
    if (!before || !newest || newest.id === previous?.id || (previous && newest.createdAt <= previous.createdAt)) return;
    arrived.value = Math.max(1, now.unread - before.unread);
    arrivals.value += 1;
  });

  /** Starts counting (once, from the shell's bell). */
  function start(): void {
    started.value = true;
  }

  return { unread, latest, arrivals, arrived, start };
});
