import type { Scope } from '../../shared/scope.js';
import { loadOrg } from '../org/index.js';
import {
  SEARCH_RANKED_MAX,
  SEARCH_RECENT_DAYS,
  fileSearchSql,
  receiptSearchSql,
  type FileHitRow,
  type FileSearch,
  type ReceiptHitRow,
  type ReceiptSearch,
  type Recent,
} from './search.queries.js';
import { istDate } from '../../shared/dates.js';
import type { SearchQuery } from './search.schemas.js';

const none = { items: [], total: 0, more: false };

/**
 * A side's hits: the last SEARCH_RECENT_DAYS first — when they hold more than SEARCH_RANKED_MAX matches the user may
 * see, those are the newest the whole search would rank, and a common word costs a month's matches, not a year's —
 * else the whole search. Skipped when the asked range ends before the window.
 */
async function newestFirst<R extends { total: string }>(run: (recent: Recent) => Promise<R[]>, to: string | undefined): Promise<R[]> {
  const since = new Date(Date.now() - SEARCH_RECENT_DAYS * 86_400_000);
  if (!to || to >= istDate(since)) {
    const rows = await run({ since });
    if (Number(rows[0]?.total ?? 0) > SEARCH_RANKED_MAX) return rows;
  }
  return run(undefined);
}

/** How many hits a side counted: at most SEARCH_RANKED_MAX (its query counts one more to tell "at least"). */
const counted = (rows: { total: string }[]) => {
  const n = Number(rows[0]?.total ?? 0);
  return { total: Math.min(n, SEARCH_RANKED_MAX), more: n > SEARCH_RANKED_MAX };
};

/**
 * One search over receipts (subjects, senders, numbers, OCR text of their pages) and files (numbers,
 * subjects, keywords, notes), in Hindi and English: each side returns its best hits up to the end of
 * the asked page, merged by rank. Only what the user may see is searched — and, for a supervising
 * acting post (SP, CO, SHO), the ungraded items pending in the offices it supervises, the scope of its
 * pendency dashboard; those hits say `viaSupervision` (opening one is the audited inspect).
 */
export async function searchItems(scope: Scope, q: SearchQuery) {
  const limit = q.page * q.pageSize;
  const supervised = [...(await loadOrg(scope.em)).supervisedOffices(scope.actor.postId)];
  const { page, pageSize, type, ...filters } = q;
  const receiptStatus = filters.status === 'open' ? undefined : filters.status;
  const fileStatus =
    filters.status === 'open' || filters.status === 'closed' ? filters.status : filters.status === undefined ? undefined : null;
  const [receipts, files] = await Promise.all([
    type === 'file' || filters.status === 'open' ? none : searchReceipts(scope, { ...filters, status: receiptStatus, limit }, supervised),
    type === 'receipt' || fileStatus === null ? none : searchFiles(scope, { ...filters, status: fileStatus, limit }, supervised),
  ]);
  const merged = [...receipts.items, ...files.items].sort((a, b) => b.rank - a.rank);
  return {
    items: merged.slice((page - 1) * pageSize, page * pageSize),
    total: receipts.total + files.total,
    more: receipts.more || files.more,
    page,
    pageSize,
  };
}

/** Receipts' hits, ranked, with a highlighted snippet and the best page. */
async function searchReceipts(scope: Scope, q: ReceiptSearch, supervised: readonly string[]) {
  const held = [...scope.actor.heldPostIds];
  if (held.length === 0) return none;
  if (q.status === 'open') return none;
  const rows = await newestFirst((recent) => {
    const search = receiptSearchSql(held, q, supervised, recent);
    return scope.em.getConnection().execute<ReceiptHitRow[]>(search.sql, search.params);
  }, q.to);
  return {
    items: rows.map((r) => ({
      type: 'receipt' as const,
      id: r.id,
      number: r.diary_number,
      diaryNumber: r.diary_number,
      subject: r.subject,
      sender: r.sender,
      letterNumber: r.letter_number,
      status: r.status,
      grading: r.grading,
      receivedDate: r.received_date
        ? String(r.received_date instanceof Date ? r.received_date.toISOString() : r.received_date).slice(0, 10)
        : null,
      rank: Number(r.rank),
      snippet: r.snippet || null,
      pageNo: r.hit_page ?? null,
      viaSupervision: Boolean(r.via_supervision),
    })),
    ...counted(rows),
  };
}

/** Files' hits, ranked, with a highlighted snippet (from a note or the subject). */
async function searchFiles(scope: Scope, q: FileSearch, supervised: readonly string[]) {
  const held = [...scope.actor.heldPostIds];
  if (held.length === 0) return none;
  const rows = await newestFirst((recent) => {
    const search = fileSearchSql(held, q, supervised, recent);
    return scope.em.getConnection().execute<FileHitRow[]>(search.sql, search.params);
  }, q.to);
  return {
    items: rows.map((r) => ({
      type: 'file' as const,
      id: r.id,
      number: r.file_number,
      diaryNumber: null,
      subject: r.subject,
      sender: null,
      letterNumber: null,
      status: r.status,
      grading: r.grading,
      receivedDate: null,
      createdAt: new Date(r.created_at).toISOString(),
      rank: Number(r.rank),
      snippet: r.snippet || null,
      pageNo: null,
      viaSupervision: Boolean(r.via_supervision),
    })),
    ...counted(rows),
  };
}
