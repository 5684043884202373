import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import { onHint } from '../../../realtime/socket';
import { useMeStore } from '../../auth/store';
import { debounce, hintConcerns, HINT_DEBOUNCE_MS } from '../live';

/**
 * A pendency report that stays current: `fetch` loads it; a `pendency` hint for an office it shows
 * (or a reconnect) refetches it after a quiet second, without a reload; so does switching the acting
 * post. Out-of-order answers are dropped.
 */
export function useLiveReport<T>(load: () => Promise<T>, offices: () => ReadonlySet<string> | null = () => null) {
  const me = useMeStore();
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  /** When the shown data was fetched (this browser's clock). */
  const fetchedAt = ref<Date | null>(null);
  let seq = 0;

  async function fetch(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      const result = await load();
      if (mine !== seq) return;
      data.value = result;
      error.value = null;
      fetchedAt.value = new Date();
    } catch (e) {
      if (mine === seq) error.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  const refetchSoon = debounce(() => void fetch(), HINT_DEBOUNCE_MS);
  const off = onHint('pendency', (ids) => {
    if (data.value === null && error.value === null) return;
    if (hintConcerns(ids, offices())) refetchSoon();
  });
  const stop = watch(
    () => me.actingPostId,
    () => {
      if (data.value !== null || error.value !== null) void fetch();
    },
  );
  onScopeDispose(() => {
    off();
    stop();
    refetchSoon.cancel();
  });

  return { data, loading, error, fetchedAt, fetch, refetchSoon };
}
