import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { api, isApiError } from '../../api/client';
import type { Capability, Locale, Me } from '../../api/types';
import { applyLocale, currentLocale } from '../../i18n';
import { connectRealtime, disconnectRealtime, onHint, reconnectRealtime } from '../../realtime/socket';
import { authApi } from './api';

/** The signed-in user, their posts and the acting post. */
export const useMeStore = defineStore('me', () => {
  const me = ref<Me | null>(null);
  const loaded = ref(false);
  /** Set when the user picked a language in this visit, so that choice wins over the one saved on the server. */
  const localeChosenHere = ref(false);
  let loading: Promise<Me | null> | null = null;

  const isAuthenticated = computed(() => me.value !== null);
  const user = computed(() => me.value?.user ?? null);
  const posts = computed(() => me.value?.posts ?? []);
  const actingPostId = computed(() => me.value?.actingPostId ?? null);
  const actingPost = computed(() => posts.value.find((p) => p.id === actingPostId.value) ?? null);

  function can(capability: Capability): boolean {
    return actingPost.value?.capabilities.includes(capability) ?? false;
  }

  watch(isAuthenticated, (yes) => (yes ? connectRealtime() : disconnectRealtime()));

  /** Loads /me once per visit; null when nobody is signed in. */
  function ensureLoaded(): Promise<Me | null> {
    if (loaded.value) return Promise.resolve(me.value);
    if (!loading) {
      loading = refresh().finally(() => {
        loaded.value = true;
        loading = null;
      });
    }
    return loading;
  }

  async function refresh(): Promise<Me | null> {
    try {
      me.value = await authApi.me();
      await syncLocale();
    } catch (e) {
      if (isApiError(e) && e.status === 401) me.value = null;
      else throw e;
    }
    return me.value;
  }

  /** The language chosen here wins; otherwise adopt the one saved on the server; otherwise save ours there. */
  async function syncLocale(): Promise<void> {
    const m = me.value;
    if (!m) return;
    const saved = m.user.locale;
    const here = currentLocale();
    if (!localeChosenHere.value && saved) {
      if (saved !== here) applyLocale(saved);
      return;
    }
    if (saved !== here) {
      try {
        me.value = await authApi.setLocale(here);
      } catch {
        // not fatal: the choice stays in this browser
      }
    }
  }

  async function login(username: string, password: string): Promise<Me> {
    const result = await authApi.login(username, password);
    // the server starts a new session at login; take a fresh CSRF token with it
    api.resetCsrf();
    me.value = result;
    loaded.value = true;
    await syncLocale();
    return result;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      clear();
      api.resetCsrf();
    }
  }

  /** Forget the session locally (after logout or when the server answered 401). */
  function clear(): void {
    me.value = null;
    loaded.value = true;
  }

  async function switchPost(postId: string): Promise<void> {
    if (postId === actingPostId.value) return;
    me.value = await authApi.setActingPost(postId);
    reconnectRealtime();
  }

  async function setLocale(locale: Locale): Promise<void> {
    localeChosenHere.value = true;
    applyLocale(locale);
    if (me.value && me.value.user.locale !== locale) {
      me.value = await authApi.setLocale(locale);
    }
  }

  onHint('me', () => {
    if (me.value) void refresh().catch(() => undefined);
  });

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
