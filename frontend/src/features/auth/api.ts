import { api } from '../../api/client';
import type { Locale, Me } from '../../api/types';

export const authApi = {
  login: (username: string, password: string) =>
    api.post<Me>('/auth/login', { username, password }, { skipAuthRedirect: true }),
  logout: () => api.post<void>('/auth/logout', undefined, { skipAuthRedirect: true }),
  me: () => api.get<Me>('/me', { skipAuthRedirect: true }),
  setActingPost: (postId: string) => api.put<Me>('/me/acting-post', { postId }),
  setLocale: (locale: Locale) => api.put<Me>('/me/locale', { locale }),
};
