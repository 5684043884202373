import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { useSelection } from './useSelection';

const rowsOf = (...ids: string[]) => ids.map((id) => ({ id }));

describe('useSelection', () => {
  it('toggles rows, Shift takes the range from the last toggled, and all on the page at once', () => {
    const rows = ref(rowsOf('a', 'b', 'c', 'd', 'e'));
    const s = useSelection(
      () => rows.value,
      (r) => r.id,
    );
    s.toggle(rows.value[1]!, true);
    s.toggle(rows.value[3]!, true, true);
    expect(s.selected.value.map((r) => r.id)).toEqual(['b', 'c', 'd']);
    expect(s.someOnPage.value).toBe(true);
    s.toggle(rows.value[2]!, false, false);
    s.toggle(rows.value[0]!, false, true); // unticks a..c
    expect(s.selected.value.map((r) => r.id)).toEqual(['d']);
    s.setAll(true);
    expect(s.allOnPage.value).toBe(true);
    s.drop(['a', 'e']);
    expect(s.selected.value.map((r) => r.id)).toEqual(['b', 'c', 'd']);
  });

  it('forgets rows that leave the page', async () => {
    const rows = ref(rowsOf('a', 'b'));
    const s = useSelection(
      () => rows.value,
      (r) => r.id,
    );
    s.setAll(true);
    rows.value = rowsOf('b', 'c');
    await nextTick();
    expect(s.selected.value.map((r) => r.id)).toEqual(['b']);
    rows.value = rowsOf('a', 'b', 'c');
    await nextTick();
    expect(s.selected.value.map((r) => r.id)).toEqual(['b']);
  });
});
