/** A function that runs `fn` once, `ms` after the last of a burst of calls; `cancel` drops a pending run. */
export function debounce(fn: () => void, ms: number): { (): void; cancel(): void; pending(): boolean } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
  call.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  call.pending = () => timer !== undefined;
  return call;
}

/** Pendency hints come in bursts (one move touches two offices, a list of moves many): refetch once after a quiet second. */
export const HINT_DEBOUNCE_MS = 1000;

/**
 * Whether a `pendency` hint concerns what is shown. `ids` are the offices where something changed;
 * an empty list follows a reconnect (anything may have changed). `shown` null: the view is not tied
 * to particular offices, so any hint the server sent this post is relevant.
 */
export function hintConcerns(ids: readonly string[], shown: ReadonlySet<string> | null): boolean {
  if (!ids.length || !shown) return true;
  return ids.some((id) => shown.has(id));
}
