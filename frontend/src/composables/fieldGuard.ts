import { computed, inject, provide, reactive, type InjectionKey } from 'vue';

/**
 * What a form's fields know before the server does: a field holding text it cannot read (a date typed
 * as "31.02.2026") reports it here, and the form does not save while any field does — the typed text
 * stays as it is, with its message beside the field. Forms `provideFieldGuard()`; fields `useFieldGuard()`.
 */
export interface FieldGuard {
  /** Marks field `id` as unreadable (true) or fine (false). */
  set(id: string, bad: boolean): void;
  readonly blocked: boolean;
  /** The ids of the fields that hold unreadable text, in the order they reported it. */
  readonly bad: string[];
}

const KEY: InjectionKey<FieldGuard> = Symbol('fieldGuard');

export function provideFieldGuard(): FieldGuard {
  const bad = reactive(new Set<string>());
  const list = computed(() => [...bad]);
  const guard: FieldGuard = {
    set: (id, isBad) => (isBad ? bad.add(id) : bad.delete(id)),
    get blocked() {
      return list.value.length > 0;
    },
    get bad() {
      return list.value;
    },
  };
  provide(KEY, guard);
  return guard;
}

/** The guard of the form this field is in, if the form has one. */
export const useFieldGuard = (): FieldGuard | null => inject(KEY, null);
