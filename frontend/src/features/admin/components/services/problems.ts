// The problems of the definition being edited, by path ("workflow.actions.2.to"), for the inputs to show beside them.
import { computed, inject, provide, type ComputedRef, type InjectionKey } from 'vue';
import { inputId } from './definitionModel';

export type Path = readonly (string | number)[];

export interface Problems {
  /** The message of the problem exactly at `path` (the first one, when the server found several). */
  at(path: Path): string | undefined;
  /** How many problems lie at or under `path`. */
  under(path: Path): number;
  /** Whether any problem lies under `path` (to open a folded card that has one). */
  any(path: Path): boolean;
  /** The message at `path`, else the first one under it (a list shown as one input, e.g. an action's states). */
  first(path: Path): string | undefined;
}

const KEY: InjectionKey<Problems> = Symbol('service-problems');
const join = (p: Path) => p.map(String).join('.');

/** Gives the editor's sections the problems of the definition (a list of paths and messages, kept current by the editor). */
export function provideProblems(list: ComputedRef<Array<{ path: string[]; message: string }>>): Problems {
  const byPath = computed(() => {
    const m = new Map<string, string>();
    for (const p of list.value) if (!m.has(join(p.path))) m.set(join(p.path), p.message);
    return m;
  });
  const problems: Problems = {
    at: (path) => byPath.value.get(join(path)),
    under: (path) => {
      const k = join(path);
      return list.value.filter((p) => {
        const j = join(p.path);
        return k === '' || j === k || j.startsWith(`${k}.`);
      }).length;
    },
    any: (path) => problems.under(path) > 0,
    first: (path) => {
      const k = join(path);
      return byPath.value.get(k) ?? list.value.find((p) => join(p.path).startsWith(`${k}.`))?.message;
    },
  };
  provide(KEY, problems);
  return problems;
}

export function useProblems(): Problems & { id: typeof inputId } {
  const p = inject(KEY);
  if (!p) throw new Error('useProblems() outside the service editor');
  return { ...p, id: inputId };
}
