import { ref, toValue, watch, type MaybeRefOrGetter } from 'vue';

const PREFIX = 'patravali.kept.';
/** Unsaved text older than this is dropped when next read. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

interface Stored {
  text: string;
  at: string;
}

/** The storage key for unsaved text of one user in one place (a file's new note, a note being edited, a draft). */
export function keptKey(userId: string | null | undefined, ...parts: string[]): string | null {
  if (!userId || parts.some((p) => !p)) return null;
  return `${PREFIX}${userId}.${parts.join('.')}`;
}

function read(key: string): Stored | null {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<Stored>;
    if (typeof v.text !== 'string' || typeof v.at !== 'string') return null;
    if (Date.now() - new Date(v.at).getTime() > MAX_AGE_MS) {
      globalThis.localStorage?.removeItem(key);
      return null;
    }
    return { text: v.text, at: v.at };
  } catch {
    return null;
  }
}

function write(key: string, text: string): void {
  try {
    if (text.trim()) globalThis.localStorage?.setItem(key, JSON.stringify({ text, at: new Date().toISOString() } satisfies Stored));
    else globalThis.localStorage?.removeItem(key);
  } catch {
    // storage full or disabled: the text stays in the editor for this visit
  }
}

/**
 * Text the user is typing, kept in this browser (per user and place) until it is saved, so a reload,
 * a crash, a lost connection or a conflict never loses it. `restoredAt` says when kept text was found.
 */
export function useKeptText(key: MaybeRefOrGetter<string | null>) {
  const text = ref('');
  const restoredAt = ref<string | null>(null);
  let current: string | null = null;

  watch(
    () => toValue(key),
    (k) => {
      current = k;
      const kept = k ? read(k) : null;
      text.value = kept?.text ?? '';
      restoredAt.value = kept?.at ?? null;
    },
    // synchronous, so a caller that changes the key can look at `restoredAt` straight away
    { immediate: true, flush: 'sync' },
  );
  watch(
    text,
    (v) => {
      if (current) write(current, v);
    },
    { flush: 'sync' },
  );

  /** Replaces the text (e.g. with the note being edited) without claiming it was restored. */
  function set(v: string): void {
    text.value = v;
    restoredAt.value = null;
  }
  /** Forgets the text after it was saved. */
  function clear(): void {
    if (current) write(current, '');
    text.value = '';
    restoredAt.value = null;
  }
  /** Whether kept text exists for this key (without loading it). */
  function has(k: string | null): boolean {
    return !!k && !!read(k);
  }
  return { text, restoredAt, set, clear, has };
}
