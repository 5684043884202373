import type { Scope } from '../../shared/scope.js';
import { fileSearchSql, type FileHitRow, type FileSearch } from './files.queries.js';

/**
 * Search over files' numbers, subjects, categories, keywords and the text of their notes, with the
 * same full-text + trigram matching as receipts; only files one of the user's posts may see.
 */
export async function searchFiles(scope: Scope, q: FileSearch) {
  const held = [...scope.actor.heldPostIds];
  if (held.length === 0) return { items: [], total: 0 };
  const search = fileSearchSql(held, q);
  const rows = await scope.em.getConnection().execute<FileHitRow[]>(search.sql, search.params);
  return {
    items: rows.map((r) => ({
      type: 'file' as const, id: r.id, number: r.file_number, diaryNumber: null, subject: r.subject, sender: null, letterNumber: null,
      status: r.status, grading: r.grading, receivedDate: null, createdAt: new Date(r.created_at).toISOString(), rank: Number(r.rank), snippet: r.snippet || null, pageNo: null,
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}
