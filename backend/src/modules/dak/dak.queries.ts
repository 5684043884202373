import { visibleSql, type SqlPart } from '../movement/access.js';
import { RECEIPT_SEARCH_TEXT } from './dak.entity.js';
import type { SearchQuery } from './dak.schemas.js';

export type ReceiptSearch = Omit<SearchQuery, 'page' | 'pageSize' | 'type'> & { limit: number };

export interface ReceiptHitRow {
  id: string;
  diary_number: string | null;
  subject: string | null;
  sender: string | null;
  letter_number: string | null;
  status: 'draft' | 'diarised' | 'filed' | 'closed';
  grading: 'normal' | 'confidential' | 'secret';
  received_date: string | Date | null;
  rank: number | string;
  hit_page: number | null;
  snippet: string | null;
  total: string;
}

/**
 * Receipts matching `q` in their subjects, senders, numbers and the OCR text of their pages (full text,
 * 'simple' configuration, plus trigram word similarity), ranked, with a snippet and the best page;
 * only receipts one of `held` may see (search-receipts.ts).
 */
export function receiptSearchSql(held: readonly string[], q: ReceiptSearch): SqlPart {
  const filters: string[] = [];
  const params: unknown[] = [];
  const filter = (sql: string, value: unknown) => {
    if (value === undefined) return;
    filters.push(sql);
    params.push(value);
  };
  filter('r.received_date >= ?', q.from);
  filter('r.received_date <= ?', q.to);
  filter('r.office_id = ?', q.officeId);
  filter('r.category = ?', q.category);
  filter('r.grading = ?', q.grading);
  filter('r.status = ?', q.status);
  const filterSql = filters.map((f) => `and ${f}`).join(' ');
  const visible = visibleSql('r', 'receipt', held);
  const text = `(${RECEIPT_SEARCH_TEXT.replace(/\b(subject|sender|letter_number|diary_number|category)\b/g, 'r.$1')})`;
  const sql = `
    with input as (select websearch_to_tsquery('simple', ?) as tsq, ?::text as raw),
    page_hits as (
      select p.receipt_id, p.page_no, p.ocr_text,
             ts_rank(to_tsvector('simple', coalesce(p.ocr_text, '')), i.tsq) + word_similarity(i.raw, coalesce(p.ocr_text, '')) * 0.5 as rank
      from receipt_page p, input i
      where to_tsvector('simple', coalesce(p.ocr_text, '')) @@ i.tsq or i.raw <% p.ocr_text
    ),
    best_page as (select distinct on (receipt_id) * from page_hits order by receipt_id, rank desc),
    hits as (
      select r.*, bp.page_no as hit_page, bp.ocr_text as hit_text,
             greatest(coalesce(bp.rank, 0), ts_rank(to_tsvector('simple', ${text}), i.tsq) * 2 + word_similarity(i.raw, ${text})) as rank
      from receipt r cross join input i left join best_page bp on bp.receipt_id = r.id
      where (bp.receipt_id is not null or to_tsvector('simple', ${text}) @@ i.tsq or i.raw <% ${text})
        and ${visible.sql}
        ${filterSql}
    )
    select h.id, h.diary_number, h.subject, h.sender, h.letter_number, h.status, h.grading, h.received_date, h.rank, h.hit_page,
           case when h.hit_text is not null then ts_headline('simple', h.hit_text, i.tsq, 'StartSel=«, StopSel=», MaxWords=18, MinWords=6, MaxFragments=2')
                else ts_headline('simple', coalesce(h.subject, ''), i.tsq, 'StartSel=«, StopSel=»') end as snippet,
           count(*) over () as total
    from hits h, input i
    order by h.rank desc, h.created_at desc
    limit ?`;
  return { sql, params: [q.q, q.q, ...visible.params, ...params, q.limit] };
}
