import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Section } from '../../../api/types';
import { adminApi, type SectionInput } from '../api';
import { useListLoader } from './refetch';

/** Sections of the office chosen on the sections page. */
export const useSectionsStore = defineStore('admin-sections', () => {
  const officeId = ref<string | null>(null);
  const items = ref<Section[]>([]);
  const list = useListLoader(['section'], async () => {
    const isCurrent = list.current();
    const id = officeId.value;
    const res = id ? await adminApi.listSections(id) : { items: [] };
    if (isCurrent()) items.value = res.items;
  });

  function showOffice(id: string | null): Promise<void> {
    officeId.value = id;
    return list.run();
  }

  async function create(input: SectionInput): Promise<Section> {
    const s = await adminApi.createSection(input);
    await list.run();
    return s;
  }

  async function update(id: string, patch: { code?: string; name?: Section['name']; version: number }): Promise<Section> {
    const s = await adminApi.updateSection(id, patch);
    await list.run();
    return s;
  }

  return { officeId, items, loading: list.loading, error: list.error, loaded: list.loaded, fetch: list.run, showOffice, create, update };
});
