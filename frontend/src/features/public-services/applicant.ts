import { computed, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { queryClient } from '../../api/queries';
import { publicKeys, useApplicantQuery } from './queries';

/**
 * A page for the signed-in applicant only: without a session (or when it has ended) the applicant is
 * sent to sign in, and comes back to this page afterwards.
 */
export function useSignedInApplicant() {
  const route = useRoute();
  const router = useRouter();
  const me = useApplicantQuery();
  const applicant = computed(() => me.data.value ?? null);
  const toSignIn = () => router.replace({ name: 'applicant-sign-in', query: { redirect: route.fullPath } });
  watch(
    () => me.isSuccess.value && !me.data.value,
    (out) => {
      if (out) void toSignIn();
    },
    { immediate: true },
  );
  /** A request answered 401: the session has ended (sign in again, then back here). */
  const sessionEnded = () => queryClient.setQueryData(publicKeys.me, null);
  return { me, applicant, ready: computed(() => !!applicant.value), sessionEnded };
}
