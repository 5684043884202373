import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../shared/persistence.js';
import { searchTsquerySql } from '../../shared/search-text.js';
import { visibleSql, type SqlPart } from '../movement/index.js';
import { type FileKind } from './files.entity.js';

const run = <R>(em: EntityManager, sql: string, params: unknown[]) =>
  em.getConnection().execute<R[]>(sql, params, 'all', em.getTransactionContext());

/** Where a file's correspondence series ends: its last entry and its last page (0 when empty). */
export async function correspondenceEnd(em: EntityManager, fileId: string): Promise<{ seq: number; page: number }> {
  const [row] = await run<{ seq: number | null; page: number | null }>(
    em,
    'select max(seq) as seq, max(first_page + page_count - 1) as page from correspondence where file_id = ?',
    [fileId],
  );
  return { seq: Number(row?.seq ?? 0), page: Number(row?.page ?? 0) };
}

/** The highest number of the file's parts or of its volumes (null when it has none). */
export async function lastPartNo(em: EntityManager, parentId: string, kind: Exclude<FileKind, 'main'>): Promise<number | null> {
  const [row] = await run<{ last: number | null }>(em, 'select max(part_no) as last from efile where parent_id = ? and kind = ?', [
    parentId,
    kind,
  ]);
  return row?.last == null ? null : Number(row.last);
}

/**
 * The holder's yellow notes, oldest first, take the next paragraph numbers and turn green (the body of
 * a data-modifying CTE, run with the file's move; the note trigger lets a yellow note change, never a green one).
 */
export function greenNotesSql(fileId: string, now: Date): SqlPart {
  return {
    sql: `update note n set state = 'green', seq = y.last + y.rank, locked_at = ?, updated_at = ?, version = n.version + 1
          from (select yn.id, row_number() over (order by yn.created_at, yn.id) as rank,
                       (select coalesce(max(s.seq), 0) from note s where s.file_id = ?) as last
                from note yn where yn.file_id = ? and yn.state = 'yellow') y
          where n.id = y.id`,
    params: [now, now, fileId, fileId],
  };
}

export interface FileListRow {
  id: string;
  file_number: string;
  subject: string;
  status: 'open' | 'closed';
  grading: 'normal' | 'confidential' | 'secret';
  holder_post_id: string;
  total: string;
}

/** A page of the files one of `posts` may see, newest first, optionally matching a number or words (list-files.ts). */
export function fileListSql(posts: readonly string[], q: { q?: string | undefined; page: number; pageSize: number }): SqlPart {
  const visible = visibleSql('f', 'file', posts);
  const params: unknown[] = [...visible.params];
  let match = '';
  if (q.q) {
    const tsq = searchTsquerySql(q.q);
    match = `and (f.file_number ilike ? or to_tsvector('simple', f.search_text) @@ ${tsq.sql} or f.keywords @> array[lower(?)])`;
    params.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, ...tsq.params, q.q);
  }
  return {
    sql: `select f.id, f.file_number, f.subject, f.status, f.grading, f.holder_post_id, count(*) over () as total
     from efile f where ${visible.sql} ${match}
     order by f.created_at desc limit ? offset ?`,
    params: [...params, q.pageSize, (q.page - 1) * q.pageSize],
  };
}

/**
 * Notes that exist for `posts` (`note` and `file` are the aliases of note and efile): green notes, and
 * yellow ones in a file one of the posts holds — noteVisible (files.policy.ts) in SQL, over all held posts.
 */
export function noteVisibleSql(note: string, file: string, posts: readonly string[]): SqlPart {
  return { sql: `(${note}.state = 'green' or ${file}.holder_post_id = any(?::uuid[]))`, params: [pgArray(posts)] };
}
