import { pgArray } from '../../shared/persistence.js';
import type { Scope } from '../../shared/scope.js';
import { FILE_SEARCH_TEXT } from './files.entity.js';
import { visibleSql } from '../movement/access.js';

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

/**
 * Search over files' numbers, subjects, categories, keywords and the text of their notes, with the
 * same full-text + trigram matching as receipts; only files one of the user's posts may see.
 */
export async function searchFiles(scope: Scope, q: FileSearch) {
  const held = [...scope.actor.heldPostIds];
  if (held.length === 0) return { items: [], total: 0 };
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
  const rows = await scope.em.getConnection().execute<Array<Record<string, any>>>(sql, [q.q, q.q, pgArray(held), ...visible.params, ...params, q.limit]);
  return {
    items: rows.map((r) => ({
      type: 'file' as const, id: r.id as string, number: r.file_number as string, diaryNumber: null, subject: r.subject as string, sender: null, letterNumber: null,
      status: r.status as string, grading: r.grading, receivedDate: null, createdAt: new Date(r.created_at).toISOString(), rank: Number(r.rank), snippet: (r.snippet as string) || null, pageNo: null,
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}
