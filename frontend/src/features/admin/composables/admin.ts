import { computed } from 'vue';
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

/**
 * The office an admin page works in (sections, file heads): the one in the address, else the acting
 * post's office, else the first.
 */
export function useChosenOffice() {
  const { filters, update } = useRouteFilters({ parse: (q) => ({ officeId: uuid(one(q.officeId)) }), defaults: () => ({ officeId: null as string | null }) });
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
export function useActiveToggle<T extends { active: boolean }>(keyPrefix: string, save: (record: T, active: boolean) => Promise<unknown>, stale: QueryKey) {
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
