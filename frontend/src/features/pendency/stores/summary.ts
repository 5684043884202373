import { defineStore } from 'pinia';
import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue';
import { onHint } from '../../../realtime/socket';
import { useMeStore } from '../../auth/store';
import { pendencyApi } from '../api';
import { debounce, hintConcerns, HINT_DEBOUNCE_MS } from '../live';
import { defaultDashboard, summaryQuery, type DashboardFilters } from '../query';
import { initiallyExpanded } from '../tree';
import type { OfficeRef, PendencySummary } from '../types';

/**
 * The pendency dashboard of the acting post's scope. It stays live: a `pendency` hint naming an
 * office it shows (or a reconnect) refetches it after a quiet second, keeping the filters and
 * which offices are expanded; switching the acting post starts afresh.
 */
export const usePendencySummaryStore = defineStore('pendencySummary', () => {
  const me = useMeStore();
  const filters = reactive<DashboardFilters>(defaultDashboard());
  const summary = shallowRef<PendencySummary | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  /** Offices whose sections and posts are shown. */
  const expanded = ref<Set<string>>(new Set());
  /** Every office of the scope (for the office filter), kept while the summary is narrowed to one of them. */
  const scopeOffices = shallowRef<{ office: OfficeRef; depth: number }[]>([]);
  /** Bumped by every refetch a hint caused (for tests and the "updated" line). */
  const liveRefreshes = ref(0);
  let seq = 0;
  let forPost: string | null = null;

  /** The offices of the scope (what a hint must name to matter). */
  const officeIds = computed(() => new Set(summary.value?.offices.map((o) => o.office.id) ?? []));

  async function fetch(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      const res = await pendencyApi.summary(summaryQuery(filters));
      if (mine !== seq) return;
      if (forPost !== me.actingPostId || !summary.value) expanded.value = initiallyExpanded(res);
      if (!filters.officeId || forPost !== me.actingPostId || !scopeOffices.value.length) scopeOffices.value = res.offices.map((o) => ({ office: o.office, depth: o.depth }));
      forPost = me.actingPostId;
      summary.value = res;
      error.value = null;
    } catch (e) {
      if (mine === seq) error.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /** Takes the filters from the page address; fetches when they changed or nothing is loaded. */
  function applyFilters(next: DashboardFilters): Promise<void> {
    const serverSide = (f: DashboardFilters) => `${f.type}|${f.register}|${f.officeId}`;
    const changed = serverSide(next) !== serverSide(filters);
    Object.assign(filters, next);
    return changed || (!summary.value && !loading.value) ? fetch() : Promise.resolve();
  }

  /** The summary for names and offices (the drill-down's heading), fetched once if missing. */
  function ensureLoaded(): Promise<void> {
    return summary.value || loading.value ? Promise.resolve() : fetch();
  }

  function toggle(officeId: string): void {
    const next = new Set(expanded.value);
    if (!next.delete(officeId)) next.add(officeId);
    expanded.value = next;
  }

  const refetchSoon = debounce(() => {
    liveRefreshes.value += 1;
    void fetch();
  }, HINT_DEBOUNCE_MS);
  const off = onHint('pendency', (ids) => {
    if (!summary.value) return;
    if (hintConcerns(ids, officeIds.value)) refetchSoon();
  });
  onScopeDispose(() => {
    off();
    refetchSoon.cancel();
  });
  watch(
    () => me.actingPostId,
    () => {
      if (!summary.value && !error.value) return;
      summary.value = null;
      // an office of the old scope may lie outside the new one
      filters.officeId = null;
      void fetch();
    },
  );

  return { filters, summary, loading, error, expanded, scopeOffices, liveRefreshes, officeIds, fetch, applyFilters, ensureLoaded, toggle };
});
