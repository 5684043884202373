import { ref, type Ref } from 'vue';
import { useToast } from 'primevue/usetoast';
import { useLocalized } from '../../../i18n';
import { useFormErrors } from '../../../composables/useFormErrors';

/**
 * A dialog holding one form: whether it is open, the saving flag and the form's errors.
 * `submit` runs the save, then toasts success and closes the dialog, or shows the errors.
 */
export function useFormDialog() {
  const toast = useToast();
  const { t } = useLocalized();
  const visible = ref(false);
  const saving = ref(false);
  const errors = useFormErrors();

  /** Opens the dialog with no errors showing; fill the form before. */
  function open(): void {
    errors.reset();
    visible.value = true;
  }

  async function submit(action: () => Promise<unknown>, savedKey = 'form.saved'): Promise<void> {
    saving.value = true;
    try {
      await action();
      toast.add({ severity: 'success', summary: t(savedKey), life: 3000 });
      visible.value = false;
    } catch (e) {
      errors.handle(e);
    } finally {
      saving.value = false;
    }
  }

  return { visible, saving, errors, open, submit };
}

interface Versioned {
  id: string;
  version: number;
}

/**
 * The create / edit dialog of a versioned record. `fill` copies a record (or the blanks, for null) into
 * the form; `latest` finds the list's copy of a record, used by "load latest" after a 409 when the server
 * did not send its current version.
 */
export function useEditDialog<T extends Versioned>(options: {
  form: { version: number };
  fill: (record: T | null) => void;
  latest: (id: string) => T | null | undefined;
}) {
  const dialog = useFormDialog();
  const { errors } = dialog;
  const editing = ref(null) as Ref<T | null>;

  function openCreate(): void {
    editing.value = null;
    options.fill(null);
    dialog.open();
  }
  function openEdit(record: T): void {
    editing.value = record;
    options.fill(record);
    dialog.open();
  }

  /** Saves through `create` or `update` (which gets the edited record), depending on the dialog's mode. */
  function save(write: { create: () => Promise<unknown>; update: (record: T) => Promise<unknown> }): Promise<void> {
    const record = editing.value;
    return dialog.submit(() => (record ? write.update(record) : write.create()));
  }

  /** After a conflict: show the server's current version, dropping what was typed. */
  function loadLatest(): void {
    const id = editing.value?.id;
    const current = (errors.conflict.value as T | null) ?? (id !== undefined ? options.latest(id) : null) ?? null;
    if (current) {
      editing.value = current;
      options.fill(current);
    }
    errors.reset();
  }
  /** After a conflict: keep what was typed and save it over the server's current version. */
  function keepMine(): void {
    const current = errors.conflict.value as T | null;
    if (current) options.form.version = current.version;
    errors.reset();
  }

  return { ...dialog, editing, openCreate, openEdit, save, loadLatest, keepMine };
}
