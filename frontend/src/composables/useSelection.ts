import { computed, ref, watch } from 'vue';

/**
 * Rows ticked on the page a list shows (for bulk actions): toggle one, Shift for the range from the
 * last one toggled, all on the page at once. Rows that leave the page (another page, tab or filter,
 * or moved away) leave the selection.
 */
export function useSelection<T>(rows: () => readonly T[], keyOf: (row: T) => string) {
  const keys = ref<string[]>([]);
  let anchor: string | null = null;

  watch(
    () => rows().map(keyOf),
    (shown) => {
      const kept = keys.value.filter((k) => shown.includes(k));
      if (kept.length !== keys.value.length) keys.value = kept;
      if (anchor && !shown.includes(anchor)) anchor = null;
    },
  );

  const isSelected = (row: T) => keys.value.includes(keyOf(row));
  function set(targets: readonly string[], on: boolean) {
    const rest = keys.value.filter((k) => !targets.includes(k));
    keys.value = on ? [...rest, ...targets] : rest;
  }
  /** Ticks or unticks a row; with `range`, every row from the last one toggled to this one takes the same state. */
  function toggle(row: T, on: boolean, range = false) {
    const key = keyOf(row);
    const shown = rows().map(keyOf);
    const from = anchor ? shown.indexOf(anchor) : -1;
    const to = shown.indexOf(key);
    set(range && from >= 0 && to >= 0 ? shown.slice(Math.min(from, to), Math.max(from, to) + 1) : [key], on);
    anchor = key;
  }
  const selected = computed(() => rows().filter(isSelected));
  const allOnPage = computed(() => rows().length > 0 && selected.value.length === rows().length);
  const someOnPage = computed(() => selected.value.length > 0 && !allOnPage.value);
  function setAll(on: boolean) {
    set(rows().map(keyOf), on);
    anchor = null;
  }
  /** Unticks these rows (e.g. the ones a bulk action did). */
  function drop(done: readonly string[]) {
    keys.value = keys.value.filter((k) => !done.includes(k));
  }
  function clear() {
    keys.value = [];
    anchor = null;
  }
  return {
    selected,
    isSelected,
    toggle,
    allOnPage,
    someOnPage,
    setAll,
    drop,
    clear,
  };
}

/** A list's selection, as useSelection keeps it. */
export type Selection<T> = ReturnType<typeof useSelection<T>>;
