import { ref } from 'vue';
import { isApiError } from '../../api/client';
import { errorText } from '../../api/errors';
import { useLocalized } from '../../i18n';
import { placeIssues } from './form';
import type { Duplicate } from './types';

/**
 * What the server said of a filed (or resubmitted) form: the issues of its fields by path below `data`,
 * those of no field, the applicant's similar pending applications (POSSIBLE_DUPLICATE), or a message.
 */
export function useSubmitErrors() {
  const { t } = useLocalized();
  const fields = ref<Record<string, string>>({});
  const other = ref<string[]>([]);
  const duplicates = ref<Duplicate[]>([]);
  const message = ref('');

  function reset() {
    fields.value = {};
    other.value = [];
    duplicates.value = [];
    message.value = '';
  }

  /** Records a refusal; answers what kind it was. */
  function handle(e: unknown): 'fields' | 'duplicate' | 'unauthenticated' | 'conflict' | 'other' {
    reset();
    if (isApiError(e) && e.status === 401) return 'unauthenticated';
    if (isApiError(e) && e.code === 'POSSIBLE_DUPLICATE') {
      const list = e.details?.duplicates;
      duplicates.value = Array.isArray(list) ? (list as Duplicate[]) : [];
      return 'duplicate';
    }
    if (isApiError(e) && e.issues.length) {
      const placed = placeIssues(e.issues);
      fields.value = placed.fields;
      other.value = placed.other;
      if (!Object.keys(placed.fields).length && !placed.other.length) message.value = errorText(e, t);
      return 'fields';
    }
    message.value = errorText(e, t);
    return isApiError(e) && e.isConflict ? 'conflict' : 'other';
  }

  return { fields, other, duplicates, message, reset, handle };
}
