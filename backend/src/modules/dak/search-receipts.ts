import type { Scope } from '../../shared/scope.js';
import { receiptSearchSql, type ReceiptHitRow, type ReceiptSearch } from './dak.queries.js';

/**
 * Search over receipts' subjects, senders, numbers and the OCR text of their pages, in Hindi and
 * English: PostgreSQL full-text search ('simple' configuration: no stemming, works for Devanagari)
 * plus trigram word similarity for partial and misspelt words. Ranked, with a highlighted snippet,
 * paginated, and only over receipts one of the user's posts may see.
 */
export async function searchReceipts(scope: Scope, q: ReceiptSearch) {
  const held = [...scope.actor.heldPostIds];
  if (held.length === 0) return { items: [], total: 0 };
  if (q.status === 'open') return { items: [], total: 0 };
  const search = receiptSearchSql(held, q);
  const rows = await scope.em.getConnection().execute<ReceiptHitRow[]>(search.sql, search.params);
  return {
    items: rows.map((r) => ({
      type: 'receipt' as const, id: r.id, number: r.diary_number, diaryNumber: r.diary_number, subject: r.subject, sender: r.sender, letterNumber: r.letter_number, status: r.status,
      grading: r.grading, receivedDate: r.received_date ? String(r.received_date instanceof Date ? r.received_date.toISOString() : r.received_date).slice(0, 10) : null,
      rank: Number(r.rank), snippet: r.snippet || null, pageNo: r.hit_page ?? null,
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}
