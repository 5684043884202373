import { ref, watch, type Ref } from 'vue';
import { useFormErrors } from './useFormErrors';

/**
 * The form of a dialog: its errors and saving flag. `onOpen` fills the form each time the dialog opens
 * (the last errors cleared after it); `save` runs the work of the submit button — the request, closing
 * the dialog, telling the parent — with the saving flag up, and shows what failed as the form's errors.
 */
export function useDialogForm(visible: Ref<boolean>, options: { onOpen: () => void; immediate?: boolean }) {
  const errors = useFormErrors();
  const saving = ref(false);
  watch(
    visible,
    (open) => {
      if (!open) return;
      options.onOpen();
      errors.reset();
    },
    { immediate: options.immediate ?? false },
  );
  async function save(work: () => Promise<void>): Promise<void> {
    saving.value = true;
    try {
      await work();
    } catch (e) {
      errors.handle(e);
    } finally {
      saving.value = false;
    }
  }
  return { errors, saving, save };
}
