import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../shared/persistence.js';
import { visibleSql, type SqlPart } from '../movement/access.js';
import type { Register } from '../pendency/pendency.schemas.js';
import { FILE_SEARCH_TEXT, type FileKind } from './files.entity.js';

const run = <R>(em: EntityManager, sql: string, params: unknown[]) => em.getConnection().execute<R[]>(sql, params, 'all', em.getTransactionContext());

/** Where a file's correspondence series ends: its last entry and its last page (0 when empty). */
export async function correspondenceEnd(em: EntityManager, fileId: string): Promise<{ seq: number; page: number }> {
  const [row] = await run<{ seq: number | null; page: number | null }>(em, 'select max(seq) as seq, max(first_page + page_count - 1) as page from correspondence where file_id = ?', [fileId]);
  return { seq: Number(row?.seq ?? 0), page: Number(row?.page ?? 0) };
}

/** The highest number of the file's parts or of its volumes (null when it has none). */
export async function lastPartNo(em: EntityManager, parentId: string, kind: Exclude<FileKind, 'main'>): Promise<number | null> {
  const [row] = await run<{ last: number | null }>(em, 'select max(part_no) as last from efile where parent_id = ? and kind = ?', [parentId, kind]);
  return row?.last == null ? null : Number(row.last);
}

/** The special registers (RTI, court, VIP) a receipt and a file are entered in. */
export async function registersOf(em: EntityManager, receiptId: string, fileId: string) {
  return run<{ item_type: 'receipt' | 'file'; register: Register; reference: string | null }>(em,
    `select item_type, register, reference from pendency_register where (item_type = 'receipt' and item_id = ?) or (item_type = 'file' and item_id = ?)`, [receiptId, fileId]);
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
    match = `and (f.file_number ilike ? or to_tsvector('simple', ${FILE_SEARCH_TEXT}) @@ websearch_to_tsquery('simple', ?) or lower(?) = any(f.keywords))`;
    params.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, q.q, q.q);
  }
  return {
    sql: `select f.id, f.file_number, f.subject, f.status, f.grading, f.holder_post_id, count(*) over () as total
     from efile f where ${visible.sql} ${match}
     order by f.created_at desc limit ? offset ?`,
    params: [...params, q.pageSize, (q.page - 1) * q.pageSize],
  };
}

export interface FileSearch {
  q: string;
  from?: string | undefined;
  to?: string | undefined;
  officeId?: string | undefined;
  category?: string | undefined;
  grading?: string | undefined;
  status?: string | undefined;
  /** How many of the best hits to return (the caller merges them with receipts and pages). */
  limit: number;
}

export interface FileHitRow {
  id: string;
  file_number: string;
  subject: string;
  status: string;
  grading: 'normal' | 'confidential' | 'secret';
  created_at: string | Date;
  rank: number | string;
  snippet: string | null;
  total: string;
}

/**
 * Files matching `q` in their numbers, subjects, categories, keywords and notes (full text + trigram,
 * as receipts), ranked, with a snippet; only files one of `held` may see (search-files.ts).
 */
export function fileSearchSql(held: readonly string[], q: FileSearch): SqlPart {
  const filters: string[] = [];
  const params: unknown[] = [];
  const filter = (sql: string, value: unknown) => {
    if (value === undefined) return;
    filters.push(sql);
    params.push(value);
  };
  filter(`(f.created_at at time zone 'Asia/Kolkata')::date >= ?`, q.from);
  filter(`(f.created_at at time zone 'Asia/Kolkata')::date <= ?`, q.to);
  filter('f.office_id = ?', q.officeId);
  filter('f.category = ?', q.category);
  filter('f.grading = ?', q.grading);
  filter('f.status = ?', q.status);
  const visible = visibleSql('f', 'file', held);
  const text = `(${FILE_SEARCH_TEXT.replace(/\b(file_number|subject|category)\b/g, 'f.$1')})`;
  const sql = `
    with input as (select websearch_to_tsquery('simple', ?) as tsq, ?::text as raw),
    note_hits as (
      select n.file_id, n.body_text, n.seq,
             ts_rank(to_tsvector('simple', n.body_text), i.tsq) + word_similarity(i.raw, n.body_text) * 0.5 as rank
      from note n join efile nf on nf.id = n.file_id, input i
      where (to_tsvector('simple', n.body_text) @@ i.tsq or i.raw <% n.body_text)
        and (n.state = 'green' or nf.holder_post_id = any(?::uuid[])) -- yellow notes: only their holder's
    ),
    best_note as (select distinct on (file_id) * from note_hits order by file_id, rank desc),
    hits as (
      select f.*, bn.body_text as hit_text,
             greatest(coalesce(bn.rank, 0), ts_rank(to_tsvector('simple', ${text}), i.tsq) * 2 + word_similarity(i.raw, ${text}),
                      case when lower(i.raw) = any(f.keywords) then 1 else 0 end) as rank
      from efile f cross join input i left join best_note bn on bn.file_id = f.id
      where (bn.file_id is not null or to_tsvector('simple', ${text}) @@ i.tsq or i.raw <% ${text} or lower(i.raw) = any(f.keywords))
        and ${visible.sql}
        ${filters.map((f) => `and ${f}`).join(' ')}
    )
    select h.id, h.file_number, h.subject, h.status, h.grading, h.created_at, h.rank,
           case when h.hit_text is not null then ts_headline('simple', h.hit_text, i.tsq, 'StartSel=«, StopSel=», MaxWords=18, MinWords=6, MaxFragments=2')
                else ts_headline('simple', h.subject, i.tsq, 'StartSel=«, StopSel=»') end as snippet,
           count(*) over () as total
    from hits h, input i
    order by h.rank desc, h.created_at desc
    limit ?`;
  return { sql, params: [q.q, q.q, pgArray(held), ...visible.params, ...params, q.limit] };
}
