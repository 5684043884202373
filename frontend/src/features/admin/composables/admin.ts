import { computed, ref, type MaybeRefOrGetter } from 'vue';
import type { UseQueryReturnType } from '@tanstack/vue-query';
import type { Bilingual } from '../../../api/types';
import { useToast } from 'primevue/usetoast';
import { useConfirm } from 'primevue/useconfirm';
import type { QueryKey } from '@tanstack/vue-query';
import { errorText } from '../../../api/errors';
import { queryClient } from '../../../api/queries';
import { useLocalized } from '../../../i18n';
import { one, uuid } from '../../../composables/routeQuery';
import { useRouteFilters } from '../../../composables/useRouteFilters';
import { useMeStore } from '../../auth/store';
import { useOfficesQuery } from '../queries';
import { headMatches } from '../fileHeads';
import { useOfficeOptions } from './options';

/**
 * The office an admin page works in (sections, file heads): the one in the address, else the acting
 * post's office, else the first.
 */
export function useChosenOffice() {
  const { filters, update } = useRouteFilters({
    parse: (q) => ({ officeId: uuid(one(q.officeId)) }),
    defaults: () => ({ officeId: null as string | null }),
  });
  const offices = useOfficesQuery();
  const me = useMeStore();
  const officeId = computed(() => {
    const byId = offices.byId.value;
    for (const id of [filters.value.officeId, me.actingPost?.office.id]) if (id && byId.has(id)) return id;
    return offices.items.value[0]?.id ?? null;
  });
  const office = computed(() => offices.byId.value.get(officeId.value ?? ''));
  return { officeId, office, offices, choose: (id: string | null) => update({ officeId: id }) };
}

/**
 * "Deactivate … ?" / "Activate … ?" for a record with an `active` flag: asks, saves, and says how it went.
 * Messages come from `<keyPrefix>.activate`, `.deactivate`, `.confirmActivate`, `.confirmDeactivate`.
 */
export function useActiveToggle<T extends { active: boolean }>(
  keyPrefix: string,
  save: (record: T, active: boolean) => Promise<unknown>,
  stale: QueryKey,
) {
  const toast = useToast();
  const confirm = useConfirm();
  const { t } = useLocalized();
  return (record: T, name: string) => {
    const activate = !record.active;
    const verb = activate ? `${keyPrefix}.activate` : `${keyPrefix}.deactivate`;
    confirm.require({
      header: t(verb),
      message: t(activate ? `${keyPrefix}.confirmActivate` : `${keyPrefix}.confirmDeactivate`, { name }),
      icon: 'pi pi-exclamation-triangle',
      acceptProps: { label: t(verb), severity: activate ? 'primary' : 'danger' },
      rejectProps: { label: t('common.cancel'), severity: 'secondary', text: true },
      accept: async () => {
        try {
          await save(record, activate);
          toast.add({ severity: 'success', summary: t('form.saved'), life: 3000 });
        } catch (e) {
          toast.add({ severity: 'error', summary: t('form.saveFailed'), detail: errorText(e, t), life: 6000 });
          void queryClient.invalidateQueries({ queryKey: stale });
        }
      },
    });
  };
}

interface OfficeRecord {
  id: string;
  code: string;
  name: Bilingual;
  version: number;
}

/**
 * The records of the office an admin page works in (its sections, its file heads): the office chosen,
 * its records, and those the search box matches (by code or by name in either language), with their name.
 */
export function useOfficeRecords<T extends OfficeRecord>(
  query: (officeId: MaybeRefOrGetter<string | null>) => UseQueryReturnType<{ items: T[] }, Error>,
) {
  const { name } = useLocalized();
  const chosen = useChosenOffice();
  const list = query(chosen.officeId);
  const items = computed(() => (chosen.officeId.value ? (list.data.value?.items ?? []) : []));
  const search = ref('');
  const rows = computed(() => items.value.filter((r) => headMatches(r, search.value)).map((r) => ({ ...r, label: name(r.name) })));
  return { ...chosen, officeOptions: useOfficeOptions(), list, items, search, rows };
}

/** Copies a record's code and bilingual name into a form (the blanks for none). */
export function fillNamed(form: { code: string; nameEn: string; nameHi: string; version: number }, r: OfficeRecord | null): void {
  form.code = r?.code ?? '';
  form.nameEn = r?.name.en ?? '';
  form.nameHi = r?.name.hi ?? '';
  form.version = r?.version ?? 0;
}
