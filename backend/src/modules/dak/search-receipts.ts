import type { Scope } from '../../shared/scope.js';
import { RECEIPT_SEARCH_TEXT } from './dak.entity.js';
import { visibleSql } from '../movement/access.js';
import type { SearchQuery } from './dak.schemas.js';

export type ReceiptSearch = Omit<SearchQuery, 'page' | 'pageSize' | 'type'> & { limit: number };

/**
 * Search over receipts' subjects, senders, numbers and the OCR text of their pages, in Hindi and
 * English: PostgreSQL full-text search ('simple' configuration: no stemming, works for Devanagari)
 * plus trigram word similarity for partial and misspelt words. Ranked, with a highlighted snippet,
 * paginated, and only over receipts one of the user's posts may see.
 */
export async function searchReceipts(scope: Scope, q: ReceiptSearch) {
  const held = [...scope.actor.heldPostIds];
  if (held.length === 0) return { items: [], total: 0 };
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
  if (q.status === 'open') return { items: [], total: 0 };
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
  const rows = await scope.em.getConnection().execute<Array<Record<string, any>>>(sql, [q.q, q.q, ...visible.params, ...params, q.limit]);
  return {
    items: rows.map((r) => ({
      type: 'receipt' as const, id: r.id as string, number: r.diary_number, diaryNumber: r.diary_number, subject: r.subject, sender: r.sender, letterNumber: r.letter_number, status: r.status,
      grading: r.grading, receivedDate: r.received_date ? String(r.received_date instanceof Date ? r.received_date.toISOString() : r.received_date).slice(0, 10) : null,
      rank: Number(r.rank), snippet: r.snippet || null, pageNo: r.hit_page ?? null,
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}
