import { onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { isApiError } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { EFile } from '../../../api/types';
import { i18n } from '../../../i18n';
import { onHint } from '../../../realtime/socket';
import { filesApi } from '../api';

export type Outcome =
  | { ok: true }
  /** `conflict`: someone changed the file first (it now shows their version); `notWithYou`: it moved on; `other`: anything else. */
  | { ok: false; reason: 'conflict' | 'notWithYou' | 'other'; message: string };

function isFile(v: unknown, id: string): v is EFile {
  return !!v && typeof v === 'object' && (v as EFile).id === id && typeof (v as EFile).version === 'number' && Array.isArray((v as EFile).notes);
}

/**
 * One file as the file view shows it: loaded, refetched on `file`/`inbox` hints for it (and after a
 * reconnect), and changed through `mutate`, which takes the answer as the new state — or, on a 409,
 * the server's current file — so whatever the user typed stays where it is, in the editor.
 */
export function useFileRecord(id: MaybeRefOrGetter<string>) {
  const file = ref<EFile | null>(null);
  const loading = ref(false);
  const loadError = ref<unknown>(null);
  const t = (key: string) => i18n.global.t(key);
  let seq = 0;

  async function load(quiet = false): Promise<void> {
    const wanted = toValue(id);
    if (!wanted) return;
    const mine = ++seq;
    if (!quiet) loading.value = true;
    try {
      const f = await filesApi.get(wanted);
      if (mine !== seq || wanted !== toValue(id)) return;
      file.value = f;
      loadError.value = null;
    } catch (e) {
      if (mine !== seq) return;
      // a quiet refetch keeps showing what we have, unless the file is gone for this user
      if (!quiet || (isApiError(e) && e.status === 404)) loadError.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  watch(
    () => toValue(id),
    () => {
      file.value = null;
      loadError.value = null;
      void load();
    },
    { immediate: true },
  );
  const off = onHint(['file', 'inbox'], (ids) => {
    const wanted = toValue(id);
    if (!ids.length || ids.includes(wanted)) void load(true);
  });
  onScopeDispose(off);

  /** Takes a newer state of this file (e.g. from a dialog's answer). */
  function apply(f: EFile): void {
    if (f.id === toValue(id)) {
      seq++;
      file.value = f;
    }
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
        else void load(true);
        return { ok: false, reason: 'conflict', message };
      }
      if (isApiError(e) && e.code === 'NOT_WITH_YOU') {
        void load(true);
        return { ok: false, reason: 'notWithYou', message };
      }
      if (isApiError(e) && e.status === 404) void load(true);
      return { ok: false, reason: 'other', message };
    }
  }

  return { file, loading, loadError, load, apply, mutate };
}
