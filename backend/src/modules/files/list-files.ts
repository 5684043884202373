import type { Scope } from '../../shared/scope.js';
import { postRefs } from '../movement/index.js';
import { fileListSql, type FileListRow } from './files.queries.js';

/**
 * Files the user can see, newest first, optionally matching a number or words of the subject,
 * category or keywords (for linking, referring and finding a file).
 */
export async function listFiles(scope: Scope, q: { q?: string | undefined; page: number; pageSize: number }) {
  const posts = [...scope.actor.heldPostIds];
  if (!posts.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const list = fileListSql(posts, q);
  const rows = await scope.em.getConnection().execute<FileListRow[]>(list.sql, list.params);
  const refs = await postRefs(
    scope.em,
    rows.map((r) => r.holder_post_id),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      fileNumber: r.file_number,
      subject: r.subject,
      status: r.status,
      grading: r.grading,
      holder: refs.get(r.holder_post_id)!,
    })),
    total: Number(rows[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}
