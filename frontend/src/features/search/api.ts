import { api, ok } from '../../api/client';
import type { Ok } from '../../api/types';

/** One search-as-you-type suggestion: a receipt or a file by its number and subject. */
export type Suggestion = Ok<'/api/search/suggest', 'get'>['items'][number];

/** The search's own routes beyond the full search (which dakApi.search serves). */
export const searchApi = {
  suggest: (q: string, signal?: AbortSignal) => ok(api.GET('/api/search/suggest', { params: { query: { q } }, signal })),
};
