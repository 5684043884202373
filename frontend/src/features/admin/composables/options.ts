import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { Post, Section, User } from '../../../api/types';
import { useLocalized } from '../../../i18n';
import { adminApi } from '../api';
import { useOfficesStore } from '../stores/offices';

export interface Option {
  value: string;
  label: string;
  /** Text the Select's filter also searches: code and both languages. */
  search: string;
}

/** All offices as Select options (the office list is small and loaded whole). */
export function useOfficeOptions() {
  const offices = useOfficesStore();
  const { name } = useLocalized();
  void offices.ensureLoaded();
  return computed<Option[]>(() =>
    offices.items.map((o) => ({ value: o.id, label: `${name(o.name)} (${o.code})`, search: `${o.code} ${o.name.en} ${o.name.hi}` })),
  );
}

/** Sections of one office as Select options, reloaded when the office changes. */
export function useSectionOptions(officeId: Ref<string | null>) {
  const { name } = useLocalized();
  const sections = ref<Section[]>([]);
  watch(
    officeId,
    async (id) => {
      sections.value = [];
      if (!id) return;
      try {
        const res = await adminApi.listSections(id);
        if (officeId.value === id) sections.value = res.items;
      } catch {
        sections.value = [];
      }
    },
    { immediate: true },
  );
  const options = computed<Option[]>(() =>
    sections.value.map((s) => ({ value: s.id, label: `${name(s.name)} (${s.code})`, search: `${s.code} ${s.name.en} ${s.name.hi}` })),
  );
  return { sections, options };
}

/**
 * Options searched on the server as the user types (users and posts are too many to load whole).
 * The chosen option stays in the list even when a later search does not return it.
 */
function useRemoteOptions<T>(search: (q: string) => Promise<T[]>, toOption: (item: T) => Option) {
  const found = ref<T[]>([]) as Ref<T[]>;
  const pinned = ref<T[]>([]) as Ref<T[]>;
  const loading = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  async function run(q: string) {
    const mine = ++seq;
    loading.value = true;
    try {
      const items = await search(q);
      if (mine === seq) found.value = items;
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

  const options = computed<Option[]>(() => {
    const list = found.value.map(toOption);
    const seen = new Set(list.map((o) => o.value));
    return [...pinned.value.map(toOption).filter((o) => !seen.has(o.value)), ...list];
  });

  /** Keeps an option (e.g. the current selection) in the list. */
  function pin(item: T) {
    const value = toOption(item).value;
    pinned.value = [...pinned.value.filter((p) => toOption(p).value !== value), item];
  }
  /** Pins the found item with this value, so it survives the next search. */
  function pinValue(value: string | null) {
    const item = found.value.find((x) => toOption(x).value === value);
    if (item) pin(item);
  }

  void run('');
  return { options, loading, onFilter, pin, pinValue, reload: () => run('') };
}

export function useUserOptions() {
  const { name } = useLocalized();
  return useRemoteOptions<User>(
    async (q) => (await adminApi.listUsers({ q: q || undefined, page: 1, pageSize: 50 })).items,
    (u) => ({ value: u.id, label: `${name(u.name)} (${u.username})`, search: `${u.username} ${u.name.en} ${u.name.hi}` }),
  );
}

export function usePostOptions() {
  const { name } = useLocalized();
  const offices = useOfficesStore();
  void offices.ensureLoaded();
  return useRemoteOptions<Post>(
    async (q) => (await adminApi.listPosts({ q: q || undefined, page: 1, pageSize: 50 })).items,
    (p) => {
      const office = offices.byId.get(p.officeId);
      const where = office ? ` — ${name(office.name)}` : '';
      return {
        value: p.id,
        label: `${name(p.designation)}${where} (${p.code})`,
        search: `${p.code} ${p.designation.en} ${p.designation.hi} ${office?.name.en ?? ''} ${office?.name.hi ?? ''}`,
      };
    },
  );
}
