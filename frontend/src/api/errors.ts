import { isApiError } from './client';

type Translate = (key: string) => string;

/** The text to show for a failed request: the API's own message (already in the user's language) when there is one. */
export function errorText(e: unknown, t: Translate): string {
  if (isApiError(e)) {
    if (e.message) return e.message;
    if (e.code === 'NETWORK_ERROR') return t('errors.network');
  }
  return t('errors.unexpected');
}
