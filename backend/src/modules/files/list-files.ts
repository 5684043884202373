import type { Scope } from '../../shared/scope.js';
import { postRefs } from '../movement/movement.presenter.js';
import { visibleSql } from '../movement/access.js';
import { FILE_SEARCH_TEXT } from './files.entity.js';

/**
 * Files the user can see, newest first, optionally matching a number or words of the subject,
 * category or keywords (for linking, referring and finding a file).
 */
export async function listFiles(scope: Scope, q: { q?: string | undefined; page: number; pageSize: number }) {
  const posts = [...scope.actor.heldPostIds];
  if (!posts.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const visible = visibleSql('f', 'file', posts);
  const params: unknown[] = [...visible.params];
  let match = '';
  if (q.q) {
    match = `and (f.file_number ilike ? or to_tsvector('simple', ${FILE_SEARCH_TEXT}) @@ websearch_to_tsquery('simple', ?) or lower(?) = any(f.keywords))`;
    params.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, q.q, q.q);
  }
  const rows = await scope.em.getConnection().execute<Array<Record<string, any>>>(
    `select f.id, f.file_number, f.subject, f.status, f.grading, f.holder_post_id, count(*) over () as total
     from efile f where ${visible.sql} ${match}
     order by f.created_at desc limit ? offset ?`,
    [...params, q.pageSize, (q.page - 1) * q.pageSize],
  );
  const refs = await postRefs(scope.em, rows.map((r) => r.holder_post_id));
  return {
    items: rows.map((r) => ({ id: r.id, fileNumber: r.file_number, subject: r.subject, status: r.status, grading: r.grading, holder: refs.get(r.holder_post_id)! })),
    total: Number(rows[0]?.total ?? 0), page: q.page, pageSize: q.pageSize,
  };
}
