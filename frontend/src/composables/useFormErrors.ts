import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useToast } from 'primevue/usetoast';
import { isApiError } from '../api/client';
import { errorText } from '../api/errors';

/**
 * Error state of one form: the API's validation issues by field path ("name.en"), the top-level
 * message (also shown as a toast), and on 409 the server's current version of the record.
 */
export function useFormErrors() {
  const { t } = useI18n();
  const toast = useToast();
  const fields = ref<Record<string, string>>({});
  const message = ref('');
  const conflict = ref<unknown>(null);
  const conflicted = ref(false);

  function reset(): void {
    fields.value = {};
    message.value = '';
    conflict.value = null;
    conflicted.value = false;
  }

  /** Records a failed save; returns true when it was a version conflict. */
  function handle(e: unknown): boolean {
    reset();
    message.value = errorText(e, t);
    if (isApiError(e)) {
      const map: Record<string, string> = {};
      for (const issue of e.issues) {
        const key = issue.path.map(String).join('.');
        if (!(key in map)) map[key] = issue.message;
      }
      fields.value = map;
      if (e.isConflict) {
        conflicted.value = true;
        conflict.value = e.details?.current ?? null;
      }
    }
    toast.add({ severity: 'error', summary: t('form.saveFailed'), detail: message.value, life: 6000 });
    return isApiError(e) && e.isConflict;
  }

  /** Message for a field; `path` may be a prefix, e.g. "name" also shows "name.en" issues. */
  function of(...paths: string[]): string | undefined {
    for (const p of paths) {
      const v = fields.value[p];
      if (v) return v;
    }
    return undefined;
  }

  /** Issues whose path matches none of the form's fields, shown with the top-level message. */
  function unplaced(known: string[]): string[] {
    return Object.entries(fields.value)
      .filter(([k]) => !known.includes(k))
      .map(([k, v]) => (k ? `${k}: ${v}` : v));
  }

  /**
   * After a conflict, for a form that holds the user's choices rather than a copy of the record: take the
   * server's current version (so the next save goes over it) and keep everything typed.
   */
  function takeVersion(set: (version: number) => void): void {
    const current = conflict.value as { version?: unknown } | null;
    if (current && typeof current.version === 'number') set(current.version);
    reset();
  }

  return { fields, message, conflict, conflicted, reset, handle, of, unplaced, takeVersion };
}
