import { api, ok } from '../../api/client';

/** The public-services routes a member of the public uses (no staff session; 401 is theirs to handle). */
export const publicServicesApi = {
  catalogue: (signal?: AbortSignal) => ok(api.GET('/api/public/services', { signal, fetch: api.quiet })),
  me: (signal?: AbortSignal) => ok(api.GET('/api/public/me', { signal, fetch: api.quiet })),
  requestOtp: (mobile: string, lang: 'hi' | 'en') => ok(api.POST('/api/public/otp', { body: { mobile, lang }, fetch: api.quiet })),
  signIn: (mobile: string, code: string) => ok(api.POST('/api/public/session', { body: { mobile, code }, fetch: api.quiet })),
  signOut: () => ok(api.DELETE('/api/public/session', { fetch: api.quiet })),
};
