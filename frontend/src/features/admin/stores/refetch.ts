import { ref, watch, type Ref } from 'vue';
import { onHint } from '../../../realtime/socket';
import { useMeStore } from '../../auth/store';

/**
 * Shared list-loading state for the admin stores: ignores answers that arrive out of order,
 * and refetches (once something was loaded) when the server hints at a change or the acting post changes.
 */
export function useListLoader(entities: string[], load: () => Promise<void>) {
  const loading = ref(false);
  const error: Ref<unknown> = ref(null);
  const loaded = ref(false);
  let seq = 0;

  async function run(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      await load();
      if (mine === seq) {
        error.value = null;
        loaded.value = true;
      }
    } catch (e) {
      if (mine === seq) error.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /** True while `mine` is still the latest request; loaders check it before writing results. */
  function current(): () => boolean {
    const mine = seq;
    return () => mine === seq;
  }

  onHint(entities, () => {
    if (loaded.value) void run();
  });
  const me = useMeStore();
  watch(
    () => me.actingPostId,
    () => {
      if (loaded.value) void run();
    },
  );

  return { loading, error, loaded, run, current };
}
