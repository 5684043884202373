import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Office } from '../../../api/types';
import { adminApi, type OfficeInput } from '../api';
import { useListLoader } from './refetch';

export const useOfficesStore = defineStore('admin-offices', () => {
  const items = ref<Office[]>([]);
  const list = useListLoader(['office'], async () => {
    const isCurrent = list.current();
    const res = await adminApi.listOffices();
    if (isCurrent()) items.value = res.items;
  });
  const byId = computed(() => new Map(items.value.map((o) => [o.id, o])));

  function ensureLoaded(): Promise<void> {
    return list.loaded.value ? Promise.resolve() : list.run();
  }

  async function create(input: OfficeInput): Promise<Office> {
    const office = await adminApi.createOffice(input);
    await list.run();
    return office;
  }

  async function update(id: string, patch: Partial<OfficeInput> & { version: number }): Promise<Office> {
    const office = await adminApi.updateOffice(id, patch);
    await list.run();
    return office;
  }

  return { items, byId, loading: list.loading, error: list.error, loaded: list.loaded, fetch: list.run, ensureLoaded, create, update };
});
