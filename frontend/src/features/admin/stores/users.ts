import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { User } from '../../../api/types';
import { adminApi, type UserInput, type UserPatch } from '../api';
import { useListLoader } from './refetch';

export const useUsersStore = defineStore('admin-users', () => {
  const filters = reactive({ q: '', page: 1, pageSize: 25 });
  const items = ref<User[]>([]);
  const total = ref(0);
  const list = useListLoader(['user', 'charge'], async () => {
    const isCurrent = list.current();
    const res = await adminApi.listUsers({ ...filters, q: filters.q.trim() || undefined });
    if (!isCurrent()) return;
    items.value = res.items;
    total.value = res.total;
  });

  async function create(input: UserInput): Promise<User> {
    const u = await adminApi.createUser(input);
    await list.run();
    return u;
  }

  async function update(id: string, patch: UserPatch): Promise<User> {
    const u = await adminApi.updateUser(id, patch);
    await list.run();
    return u;
  }

  return { filters, items, total, loading: list.loading, error: list.error, loaded: list.loaded, fetch: list.run, create, update };
});
