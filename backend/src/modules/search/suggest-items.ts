import type { Scope } from '../../shared/scope.js';
import { suggestSql, type SuggestRow } from './search.queries.js';
import type { SuggestQuery } from './search.schemas.js';

const LIMIT = 8;

/**
 * Search-as-you-type for the search box: receipts and files the user may see by the start of their
 * diary or file number (or any part of it) or of the words of their subject, in either script —
 * only what the access lists admit (supervision's reach is the full search's).
 */
export async function suggestItems(scope: Scope, q: SuggestQuery) {
  const held = [...scope.actor.heldPostIds];
  if (held.length === 0) return { items: [] };
  const search = suggestSql(held, q.q, LIMIT);
  const rows = await scope.em.getConnection().execute<SuggestRow[]>(search.sql, search.params);
  return { items: rows.map((r) => ({ type: r.type, id: r.id, number: r.number, subject: r.subject })) };
}
