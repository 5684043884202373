import { computed, type MaybeRefOrGetter } from 'vue';
import type { Post, User } from '../../../api/types';
import { keys } from '../../../api/queries';
import { useLocalized } from '../../../i18n';
import { useSearchedOptions, type Option } from '../../../composables/useSearchedOptions';
import { adminApi } from '../api';
import { useOfficesQuery, useSectionsQuery } from '../queries';

export type { Option };

/** All offices as Select options (the office list is small and loaded whole). */
export function useOfficeOptions() {
  const offices = useOfficesQuery();
  const { name } = useLocalized();
  return computed<Option[]>(() =>
    offices.items.value.map((o) => ({ value: o.id, label: `${name(o.name)} (${o.code})`, search: `${o.code} ${o.name.en} ${o.name.hi}` })),
  );
}

/** Sections of one office as Select options, reloaded when the office changes. */
export function useSectionOptions(officeId: MaybeRefOrGetter<string | null>) {
  const { name } = useLocalized();
  const query = useSectionsQuery(officeId);
  const sections = computed(() => query.data.value?.items ?? []);
  const options = computed<Option[]>(() =>
    sections.value.map((s) => ({ value: s.id, label: `${name(s.name)} (${s.code})`, search: `${s.code} ${s.name.en} ${s.name.hi}` })),
  );
  return { sections, options };
}

export function useUserOptions() {
  const { name } = useLocalized();
  return useSearchedOptions<User>({
    key: (q) => keys.org.users({ q, page: 1, pageSize: 50 }),
    search: async (q, signal) => (await adminApi.listUsers({ q: q || undefined, page: 1, pageSize: 50 }, signal)).items,
    toOption: (u) => ({ value: u.id, label: `${name(u.name)} (${u.username})`, search: `${u.username} ${u.name.en} ${u.name.hi}` }),
  });
}

/** "Designation — office": what a post is called in a picker. */
export function usePostLabel() {
  const { name } = useLocalized();
  const offices = useOfficesQuery();
  return (p: Post, withCode: boolean): Option => {
    const office = offices.byId.value.get(p.officeId);
    const where = office ? ` — ${name(office.name)}` : '';
    return {
      value: p.id,
      label: `${name(p.designation)}${where}${withCode ? ` (${p.code})` : ''}`,
      search: `${p.code} ${p.designation.en} ${p.designation.hi} ${office?.name.en ?? ''} ${office?.name.hi ?? ''} ${office?.code ?? ''}`,
    };
  };
}

export function usePostOptions() {
  const label = usePostLabel();
  return useSearchedOptions<Post>({
    key: (q) => keys.org.posts({ q, page: 1, pageSize: 50 }),
    search: async (q, signal) => (await adminApi.listPosts({ q: q || undefined, page: 1, pageSize: 50 }, signal)).items,
    toOption: (p) => label(p, true),
  });
}
