import { defineStore } from 'pinia';
import { onScopeDispose, ref, watch } from 'vue';
import { onHint } from '../../../realtime/socket';
import { useMeStore } from '../../auth/store';
import { notificationsApi } from '../api';
import { debounce } from '../live';
import type { AppNotification } from '../types';

const NOTIFICATION_DEBOUNCE_MS = 400;

/**
 * The acting post's reminders and escalations: the unread count for the bell (live, on
 * `notification` hints and after a reconnect) and the page of the list that is open.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const me = useMeStore();
  const unread = ref(0);
  /** The newest unread one, for the "new notification" toast. */
  const latest = ref<AppNotification | null>(null);
  /** Increments when hints brought notifications not seen before; `arrived` says how many came with the last ones. */
  const arrivals = ref(0);
  const arrived = ref(0);
  const items = ref<AppNotification[]>([]);
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(25);
  const unreadOnly = ref(false);
  const loading = ref(false);
  const listLoaded = ref(false);
  const error = ref<unknown>(null);
  let started = false;
  let countSeq = 0;
  let listSeq = 0;

  async function fetchUnread(fromHint = false): Promise<void> {
    if (!me.actingPostId) {
      unread.value = 0;
      latest.value = null;
      return;
    }
    const mine = ++countSeq;
    try {
      const res = await notificationsApi.list({ unread: 'true', page: 1, pageSize: 1 });
      if (mine !== countSeq) return;
      const newest = res.items[0] ?? null;
      if (fromHint && newest && newest.id !== latest.value?.id) {
        arrived.value = Math.max(1, res.unread - unread.value);
        arrivals.value += 1;
      }
      unread.value = res.unread;
      latest.value = newest;
    } catch {
      // the badge is a convenience; the list shows its own errors
    }
  }

  async function fetchList(): Promise<void> {
    const mine = ++listSeq;
    loading.value = true;
    try {
      const res = await notificationsApi.list({ page: page.value, pageSize: pageSize.value, ...(unreadOnly.value ? { unread: 'true' as const } : {}) });
      if (mine !== listSeq) return;
      items.value = res.items;
      total.value = res.total;
      unread.value = res.unread;
      error.value = null;
      listLoaded.value = true;
    } catch (e) {
      if (mine === listSeq) error.value = e;
    } finally {
      if (mine === listSeq) loading.value = false;
    }
  }

  async function markRead(id: string): Promise<void> {
    const updated = await notificationsApi.read(id);
    items.value = items.value.map((n) => (n.id === id ? updated : n));
    await Promise.all([fetchUnread(), unreadOnly.value ? fetchList() : Promise.resolve()]);
  }

  async function markAllRead(): Promise<number> {
    const { marked } = await notificationsApi.readAll();
    await Promise.all([fetchUnread(), listLoaded.value ? fetchList() : Promise.resolve()]);
    return marked;
  }

  /** Starts counting (once, from the shell's bell). */
  async function start(): Promise<void> {
    if (started) return;
    started = true;
    await fetchUnread();
  }

  // the daily check notifies in bursts: one count (and one toast) per burst
  let fromHint = false;
  const refetchSoon = debounce(() => {
    void fetchUnread(fromHint);
    fromHint = false;
    if (listLoaded.value) void fetchList();
  }, NOTIFICATION_DEBOUNCE_MS);
  const off = onHint('notification', (ids) => {
    if (!started) return;
    fromHint ||= ids.length > 0;
    refetchSoon();
  });
  onScopeDispose(() => {
    off();
    refetchSoon.cancel();
  });
  watch(
    () => me.actingPostId,
    () => {
      if (!started) return;
      latest.value = null;
      items.value = [];
      listLoaded.value = false;
      page.value = 1;
      void fetchUnread();
    },
  );

  return { unread, latest, arrivals, arrived, items, total, page, pageSize, unreadOnly, loading, listLoaded, error, start, fetchUnread, fetchList, markRead, markAllRead };
});
