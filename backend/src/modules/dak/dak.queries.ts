import type { EntityManager } from '@mikro-orm/postgresql';
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

// ---------------------------------------------------------------------------------------------- registers

/** One entry of the diary register as the register's statement returns it. */
export interface DiaryRow {
  id: string;
  diary_number: string;
  received_date: string | null;
  diarised_at: string | Date;
  mode: string | null;
  sender: string | null;
  letter_number: string | null;
  letter_date: string | null;
  subject: string | null;
  grading: 'normal' | 'confidential' | 'secret';
  remarks: string | null;
  visible: boolean;
  marked_to: string | null;
  copies: string[] | null;
  total: string;
}

/**
 * The diary register of an office over [start, end): every receipt diarised in it, in diary-number
 * order, with the post it was first marked to (the first send) and the copies sent with it. `desk`:
 * the office's dak desk sees every entry (graded ones it may not see withheld: `visible` false);
 * any other post only the receipts it may see (movement/access.ts).
 */
export function diaryRegisterSql(officeId: string, held: readonly string[], desk: boolean, start: Date, end: Date, page: { limit: number; offset: number }): SqlPart {
  const visible = visibleSql('r', 'receipt', held);
  return {
    sql: `select r.id, r.diary_number, r.received_date::text as received_date, r.diarised_at, r.mode, r.sender, r.letter_number, r.letter_date::text as letter_date,
            r.subject, r.grading, r.remarks, ${visible.sql} as visible, fm.to_post_id as marked_to,
            (select array_agg(c.to_post_id order by c.sent_at, c.id) from movement c
              where c.item_type = 'receipt' and c.item_id = r.id and c.kind = 'copy' and c.sent_at = fm.sent_at) as copies,
            count(*) over () as total
     from receipt r
     left join lateral (select m.to_post_id, m.sent_at from movement m where m.item_type = 'receipt' and m.item_id = r.id and m.kind = 'send'
                        order by m.sent_at, m.id limit 1) fm on true
     where r.office_id = ? and r.diary_number is not null and r.diarised_at >= ? and r.diarised_at < ?${desk ? '' : ` and ${visible.sql}`}
     order by r.diary_year, r.diary_seq
     limit ? offset ?`,
    params: [...visible.params, officeId, start, end, ...(desk ? [] : visible.params), page.limit, page.offset],
  };
}

/** One movement of the sent register. */
export interface SentRow {
  movement_id: string;
  receipt_id: string;
  kind: 'send' | 'copy' | 'return';
  from_post_id: string;
  to_post_id: string;
  remarks: string | null;
  sent_at: string | Date;
  opened_at: string | Date | null;
  diary_number: string | null;
  subject: string | null;
  sender: string | null;
  grading: 'normal' | 'confidential' | 'secret';
  holder_post_id: string;
  visible: boolean;
  total: string;
}

/**
 * The sent register of the acting post over [start, end): each receipt it sent, returned or copied
 * on, newest first, with the exact time, the recipient, when the recipient opened it and who holds
 * it now. A receipt whose details the post may no longer see (its grading was raised since) is
 * listed withheld (`visible` false).
 */
export function sentRegisterSql(postId: string, held: readonly string[], start: Date, end: Date, page: { limit: number; offset: number }): SqlPart {
  const visible = visibleSql('r', 'receipt', held);
  return {
    sql: `select m.id as movement_id, r.id as receipt_id, m.kind, m.from_post_id, m.to_post_id, m.remarks, m.sent_at, m.opened_at,
            r.diary_number, r.subject, r.sender, r.grading, r.holder_post_id, ${visible.sql} as visible, count(*) over () as total
     from movement m join receipt r on r.id = m.item_id
     where m.item_type = 'receipt' and m.from_post_id = ? and m.kind in ('send', 'copy', 'return') and m.sent_at >= ? and m.sent_at < ?
     order by m.sent_at desc, m.id
     limit ? offset ?`,
    params: [...visible.params, postId, start, end, page.limit, page.offset],
  };
}

/**
 * Marks a receipt changed for catch-up lists (`updated_at`) without moving its version: its pages
 * being prepared in the background is no edit of its particulars, and must not make the clerk's open
 * diarise form stale (a version bump would answer their save with a CONFLICT).
 */
export async function touchReceiptPages(em: EntityManager, id: string): Promise<void> {
  await em.getConnection().execute('update receipt set updated_at = now() where id = ?', [id], 'run');
}
