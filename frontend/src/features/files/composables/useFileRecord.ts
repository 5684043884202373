import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { isApiError } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { EFile } from '../../../api/types';
import { i18n } from '../../../i18n';
import { putFile, useFileQuery } from '../queries';

export type Outcome =
  | { ok: true }
  /** `conflict`: someone changed the file first (it now shows their version); `notWithYou`: it moved on; `other`: anything else. */
  | { ok: false; reason: 'conflict' | 'notWithYou' | 'other'; message: string };

function isFile(v: unknown, id: string): v is EFile {
  return (
    !!v && typeof v === 'object' && (v as EFile).id === id && typeof (v as EFile).version === 'number' && Array.isArray((v as EFile).notes)
  );
}

/**
 * One file as the file view shows it: the file query (hints for it and reconnects refetch it), changed
 * through `mutate`, which takes the answer as the new state — or, on a 409, the server's current file —
 * so whatever the user typed stays where it is, in the editor.
 */
export function useFileRecord(id: MaybeRefOrGetter<string>) {
  const query = useFileQuery(id);
  const t = (key: string) => i18n.global.t(key);
  const file = computed(() => query.data.value ?? null);
  const loading = computed(() => query.isFetching.value);
  /** A failed refetch keeps showing what we have, unless the file is gone for this user. */
  const loadError = computed(() => {
    const e = query.error.value;
    if (!e) return null;
    return !file.value || (isApiError(e) && e.status === 404) ? e : null;
  });

  async function load(): Promise<void> {
    if (toValue(id)) await query.refetch();
  }

  /** Takes a newer state of this file (e.g. from a dialog's answer). */
  function apply(f: EFile): void {
    if (f.id === toValue(id)) putFile(f);
  }

  /** Runs a change against the file as the user sees it. */
  async function mutate(change: (f: EFile) => Promise<EFile>): Promise<Outcome> {
    const f = file.value;
    if (!f) return { ok: false, reason: 'other', message: t('errors.unexpected') };
    try {
      apply(await change(f));
      return { ok: true };
    } catch (e) {
      const message = errorText(e, t);
      if (isApiError(e) && e.code === 'CONFLICT') {
        const current = e.details?.current;
        if (isFile(current, f.id)) apply(current);
        else void load();
        return { ok: false, reason: 'conflict', message };
      }
      if (isApiError(e) && e.code === 'NOT_WITH_YOU') {
        void load();
        return { ok: false, reason: 'notWithYou', message };
      }
      if (isApiError(e) && e.status === 404) void load();
      return { ok: false, reason: 'other', message };
    }
  }

  return { file, loading, loadError, load, apply, mutate };
}
