import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useQuery } from '@tanstack/vue-query';
import { isApiError } from '../../api/client';
import { keys, queryClient } from '../../api/queries';
import type { Capability, Locale, Me } from '../../api/types';
import { applyLocale, currentLocale } from '../../i18n';
import { connectRealtime, disconnectRealtime, reconnectRealtime } from '../../realtime/socket';
import { authApi } from './api';

/**
 * The signed-in user, their posts and the acting post — the `me` query of the cache (a `me` hint
 * refetches it). When the acting post changes, everything else cached belongs to the old post: it is
 * dropped, and what is shown is fetched again for the new one.
 */
export const useMeStore = defineStore('me', () => {
  const loaded = ref(false);
  /** Set when the user picked a language in this visit, so that choice wins over the one saved on the server. */
  const localeChosenHere = ref(false);

  /** The language chosen here wins; otherwise adopt the one saved on the server; otherwise save ours there. */
  async function syncLocale(m: Me | null): Promise<Me | null> {
    if (!m) return m;
    const saved = m.user.locale;
    const here = currentLocale();
    if (!localeChosenHere.value && saved) {
      if (saved !== here) applyLocale(saved);
      return m;
    }
    if (saved === here) return m;
    try {
      return await authApi.setLocale(here);
    } catch {
      return m; // not fatal: the choice stays in this browser
    }
  }

  async function fetchMe(): Promise<Me | null> {
    try {
      return await syncLocale(await authApi.me());
    } catch (e) {
      if (isApiError(e) && e.status === 401) return null;
      throw e;
    }
  }

  const query = useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: Infinity, enabled: loaded }, queryClient);
  const me = computed<Me | null>(() => query.data.value ?? null);
  const set = (m: Me | null) => queryClient.setQueryData(keys.me, m);

  const isAuthenticated = computed(() => me.value !== null);
  const user = computed(() => me.value?.user ?? null);
  const posts = computed(() => me.value?.posts ?? []);
  const actingPostId = computed(() => me.value?.actingPostId ?? null);
  const actingPost = computed(() => posts.value.find((p) => p.id === actingPostId.value) ?? null);

  function can(capability: Capability): boolean {
    return actingPost.value?.capabilities.includes(capability) ?? false;
  }

  watch(isAuthenticated, (yes) => (yes ? connectRealtime() : disconnectRealtime()));
  watch(actingPostId, (now, before) => {
    if (before && now !== before) void queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  });

  /** Everything cached but `me` belonged to the session that ended. */
  const forgetOthers = () => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });

  let loading: Promise<Me | null> | null = null;
  /** Loads /me once per visit; null when nobody is signed in. */
  function ensureLoaded(): Promise<Me | null> {
    if (loaded.value) return Promise.resolve(me.value);
    if (!loading) {
      loading = queryClient.fetchQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: Infinity }).finally(() => {
        loaded.value = true;
        loading = null;
      });
    }
    return loading;
  }

  async function refresh(): Promise<Me | null> {
    const m = await fetchMe();
    set(m);
    return m;
  }

  async function login(username: string, password: string): Promise<Me> {
    const result = await authApi.login(username, password);
    // the answer carries the new session's CSRF token (taken by the API client)
    forgetOthers();
    set(result);
    loaded.value = true;
    set(await syncLocale(result));
    return result;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      clear();
    }
  }

  /** Forget the session locally (after logout or when the server answered 401). */
  function clear(): void {
    forgetOthers();
    set(null);
    loaded.value = true;
  }

  async function switchPost(postId: string): Promise<void> {
    if (postId === actingPostId.value) return;
    set(await authApi.setActingPost(postId));
    reconnectRealtime();
  }

  async function setLocale(locale: Locale): Promise<void> {
    localeChosenHere.value = true;
    applyLocale(locale);
    if (me.value && me.value.user.locale !== locale) set(await authApi.setLocale(locale));
  }

  return {
    me,
    loaded,
    isAuthenticated,
    user,
    posts,
    actingPostId,
    actingPost,
    can,
    ensureLoaded,
    refresh,
    login,
    logout,
    clear,
    switchPost,
    setLocale,
  };
});
