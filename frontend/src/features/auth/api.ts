import { api, ok } from '../../api/client';
import type { Locale } from '../../api/types';

/** Login and logout handle 401 themselves; so does the first look at /me (nobody signed in yet). */
export const authApi = {
  login: (username: string, password: string) => ok(api.POST('/api/auth/login', { body: { username, password }, fetch: api.quiet })),
  logout: () => ok(api.POST('/api/auth/logout', { fetch: api.quiet })),
  me: () => ok(api.GET('/api/me', { fetch: api.quiet })),
  setActingPost: (postId: string) => ok(api.PUT('/api/me/acting-post', { body: { postId } })),
  setLocale: (locale: Locale) => ok(api.PUT('/api/me/locale', { body: { locale } })),
};
