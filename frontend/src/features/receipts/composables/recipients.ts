import { computed, onBeforeUnmount, ref } from 'vue';
import type { Post } from '../../../api/types';
import { useLocalized } from '../../../i18n';
import { useMeStore } from '../../auth/store';
import { useOfficesStore } from '../../admin/stores/offices';
import { dakApi } from '../../dak/api';

export interface PostOption {
  value: string;
  label: string;
  /** Code and both languages, for the Select's own filter. */
  search: string;
}

/**
 * Posts to send to, searched on the server as the user types (designation + office; the acting post
 * and inactive posts left out). Chosen posts stay in the list when a later search does not return them.
 */
export function useRecipientOptions() {
  const { name } = useLocalized();
  const me = useMeStore();
  const offices = useOfficesStore();
  void offices.ensureLoaded().catch(() => undefined);
  const found = ref<Post[]>([]);
  const known = new Map<string, Post>();
  const pinned = ref<string[]>([]);
  const loading = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  async function run(q: string) {
    const mine = ++seq;
    loading.value = true;
    try {
      const res = await dakApi.posts(q);
      if (mine !== seq) return;
      found.value = res.items.filter((p) => p.active && p.id !== me.actingPostId);
      for (const p of found.value) known.set(p.id, p);
    } catch {
      if (mine === seq) found.value = [];
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  function onFilter(q: string) {
    clearTimeout(timer);
    timer = setTimeout(() => void run(q.trim()), 250);
  }
  onBeforeUnmount(() => clearTimeout(timer));

  function toOption(p: Post): PostOption {
    const office = offices.byId.get(p.officeId);
    const where = office ? ` — ${name(office.name)}` : '';
    return {
      value: p.id,
      label: `${name(p.designation)}${where}`,
      search: `${p.code} ${p.designation.en} ${p.designation.hi} ${office?.name.en ?? ''} ${office?.name.hi ?? ''} ${office?.code ?? ''}`,
    };
  }

  /** Keeps these posts (the current selection) among the options. */
  function pin(ids: string[]) {
    pinned.value = ids.filter((id) => known.has(id));
  }

  const options = computed<PostOption[]>(() => {
    const list = found.value.map(toOption);
    const seen = new Set(list.map((o) => o.value));
    const extra = pinned.value.filter((id) => !seen.has(id)).map((id) => toOption(known.get(id)!));
    return [...extra, ...list];
  });

  void run('');
  return { options, loading, onFilter, pin, reload: () => run('') };
}
