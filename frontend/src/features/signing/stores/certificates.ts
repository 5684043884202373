import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useListLoader } from '../../admin/stores/refetch';
import { signingApi } from '../api';
import type { EnrolledCertificate } from '../types';

/** The user's own enrolled DSCs (every status), newest first. */
export const useMyCertificatesStore = defineStore('signing-my-certificates', () => {
  const items = ref<EnrolledCertificate[]>([]);
  const list = useListLoader(['certificate'], async () => {
    const isCurrent = list.current();
    const res = await signingApi.myCertificates();
    if (isCurrent()) items.value = [...res.certificates].sort((a, b) => b.enrolledAt.localeCompare(a.enrolledAt));
  });
  return { items, loading: list.loading, error: list.error, loaded: list.loaded, fetch: list.run };
});

/** Every enrolled DSC of every user (administration), for revoking. */
export const useAllCertificatesStore = defineStore('signing-all-certificates', () => {
  const items = ref<EnrolledCertificate[]>([]);
  const list = useListLoader(['certificate'], async () => {
    const isCurrent = list.current();
    const res = await signingApi.allCertificates();
    if (isCurrent()) items.value = [...res.certificates].sort((a, b) => b.enrolledAt.localeCompare(a.enrolledAt));
  });

  async function revoke(id: string, reason: string): Promise<EnrolledCertificate> {
    const { certificate } = await signingApi.revoke(id, reason);
    items.value = items.value.map((c) => (c.id === id ? certificate : c));
    return certificate;
  }

  return { items, loading: list.loading, error: list.error, loaded: list.loaded, fetch: list.run, revoke };
});
