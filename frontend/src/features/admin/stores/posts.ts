import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { Post } from '../../../api/types';
import { adminApi, type PostInput, type PostPatch } from '../api';
import { useListLoader } from './refetch';

export interface PostFilters {
  officeId: string | null;
  sectionId: string | null;
  q: string;
  page: number;
  pageSize: number;
}

export const usePostsStore = defineStore('admin-posts', () => {
  const filters = reactive<PostFilters>({ officeId: null, sectionId: null, q: '', page: 1, pageSize: 25 });
  const items = ref<Post[]>([]);
  const total = ref(0);
  const list = useListLoader(['post', 'charge'], async () => {
    const isCurrent = list.current();
    const res = await adminApi.listPosts({ ...filters, q: filters.q.trim() || undefined });
    if (!isCurrent()) return;
    items.value = res.items;
    total.value = res.total;
  });

  async function create(input: PostInput): Promise<Post> {
    const p = await adminApi.createPost(input);
    await list.run();
    return p;
  }

  async function update(id: string, patch: PostPatch): Promise<Post> {
    const p = await adminApi.updatePost(id, patch);
    await list.run();
    return p;
  }

  return { filters, items, total, loading: list.loading, error: list.error, loaded: list.loaded, fetch: list.run, create, update };
});
