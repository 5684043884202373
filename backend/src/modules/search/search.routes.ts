import { route } from '../../http/route.js';
import * as s from './search.schemas.js';
import { searchItems } from './search-items.js';
import { suggestItems } from './suggest-items.js';

export const searchRoutes = [
  route({
    method: 'get',
    path: '/api/search',
    summary: 'Search receipts (OCR text, subject, sender, numbers) and files (numbers, subjects, keywords, notes) in Hindi and English',
    tags: ['search'],
    access: 'user',
    query: s.searchQuery,
    response: s.searchOut,
    handler: (scope, { query }) => searchItems(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/search/suggest',
    summary: 'Search-as-you-type: receipts and files by the start of a diary or file number or of subject words, in Hindi or English',
    tags: ['search'],
    access: 'user',
    query: s.suggestQuery,
    response: s.suggestOut,
    handler: (scope, { query }) => suggestItems(scope, query),
  }),
];
