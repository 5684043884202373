import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { useMeStore } from '../../auth/store';
import { initiallyExpanded } from '../tree';
import type { PendencySummary } from '../types';

/**
 * What the dashboard remembers between visits besides its data (which is in the query cache): which
 * offices are expanded. A new acting post starts afresh, with the tree opened as far as is useful.
 */
export const usePendencyTreeStore = defineStore('pendencyTree', () => {
  const me = useMeStore();
  /** Offices whose sections and posts are shown; null until the first summary of this post came. */
  const expanded = ref<Set<string> | null>(null);

  /** Takes a summary that came: the first one of a post opens the tree. */
  function seen(summary: PendencySummary): void {
    if (!expanded.value) expanded.value = initiallyExpanded(summary);
  }

  function toggle(officeId: string): void {
    const next = new Set(expanded.value ?? []);
    if (!next.delete(officeId)) next.add(officeId);
    expanded.value = next;
  }

  watch(
    () => me.actingPostId,
    () => (expanded.value = null),
  );

  return { expanded, seen, toggle };
});
