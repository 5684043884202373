import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FileHead, FileHeadInput, FileHeadPatch } from '../../../api/types';
import { adminApi } from '../api';
import { useListLoader } from './refetch';

/** The file heads (active and inactive) of the office chosen on the file heads page. */
export const useFileHeadsStore = defineStore('admin-file-heads', () => {
  const officeId = ref<string | null>(null);
  const items = ref<FileHead[]>([]);
  // the server hints `office` when a head of that office is added or changed
  const list = useListLoader(['office'], async () => {
    const isCurrent = list.current();
    const id = officeId.value;
    const res = id ? await adminApi.listFileHeads(id) : { items: [] };
    if (isCurrent()) items.value = res.items;
  });

  function showOffice(id: string | null): Promise<void> {
    officeId.value = id;
    return list.run();
  }

  async function create(input: FileHeadInput): Promise<FileHead> {
    const h = await adminApi.createFileHead(input);
    await list.run();
    return h;
  }

  /** Renames or (de)activates a head; its code never changes. */
  async function update(id: string, patch: FileHeadPatch): Promise<FileHead> {
    const h = await adminApi.updateFileHead(id, patch);
    await list.run();
    return h;
  }

  return { officeId, items, loading: list.loading, error: list.error, loaded: list.loaded, fetch: list.run, showOffice, create, update };
});
