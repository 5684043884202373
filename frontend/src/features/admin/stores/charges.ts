import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { Charge } from '../../../api/types';
import { adminApi, type ChargeInput } from '../api';
import { useListLoader } from './refetch';

export const useChargesStore = defineStore('admin-charges', () => {
  const filters = reactive<{ postId: string | null; userId: string | null; current: boolean }>({
    postId: null,
    userId: null,
    current: true,
  });
  const items = ref<Charge[]>([]);
  const list = useListLoader(['charge'], async () => {
    const isCurrent = list.current();
    const res = await adminApi.listCharges(filters);
    if (isCurrent()) items.value = res.items;
  });

  async function assign(input: ChargeInput): Promise<Charge> {
    const c = await adminApi.createCharge(input);
    await list.run();
    return c;
  }

  async function end(id: string, to?: string): Promise<Charge> {
    const c = await adminApi.endCharge(id, to);
    await list.run();
    return c;
  }

  return { filters, items, loading: list.loading, error: list.error, loaded: list.loaded, fetch: list.run, assign, end };
});
