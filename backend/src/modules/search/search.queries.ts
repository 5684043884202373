import { visibleSql, type SqlPart } from '../movement/index.js';
import { noteVisibleSql } from '../files/index.js';
import { pgArray } from '../../shared/persistence.js';
import { searchInputSql, searchPrefixSql } from '../../shared/search-text.js';
import type { SearchQuery } from './search.schemas.js';

/**
 * What a supervising post reaches beyond its access lists: an ungraded item pending (`pending`) with a
 * holder in one of the offices it supervises (OrgSnapshot.supervisedOffices) — what its pendency
 * dashboard shows and its drill-down opens by inspecting (API.md, "Scope"; item-pendency.ts). Graded
 * items stay behind the access lists.
 */
function supervisionSql(alias: string, pending: string, offices: readonly string[]): SqlPart {
  return {
    sql: `(${alias}.grading = 'normal' and ${pending} and exists (select 1 from post hp where hp.id = ${alias}.holder_post_id and hp.office_id = any(?::uuid[])))`,
    params: [pgArray(offices)],
  };
}

/** Conditions of a search, each with its one parameter: `filter(sql, value)` adds it unless the value is undefined. */
function sqlFilters() {
  const filters: string[] = [];
  const params: unknown[] = [];
  const filter = (sql: string, value: unknown) => {
    if (value === undefined) return;
    filters.push(sql);
    params.push(value);
  };
  return { filters, params, filter };
}

/** Seen through an access list, or — for a supervising post — reached through supervision; and which of the two. */
function reachSql(alias: string, type: 'receipt' | 'file', pending: string, held: readonly string[], supervised: readonly string[]) {
  const visible = visibleSql(alias, type, held);
  if (!supervised.length) return { where: visible, viaSupervision: { sql: 'false', params: [] as unknown[] } };
  const reach = supervisionSql(alias, pending, supervised);
  return {
    where: { sql: `(${visible.sql} or ${reach.sql})`, params: [...visible.params, ...reach.params] },
    viaSupervision: { sql: `not ${visible.sql}`, params: visible.params },
  };
}

/**
 * At most this many hits of each kind (receipts, files) are ranked: the newest that match; `total` then
 * says "at least" (searchItems' `more`). A word in every tenth letter of a district's million would
 * otherwise make each search rank a hundred thousand rows.
 */
export const SEARCH_RANKED_MAX = 500;

/**
 * `name as (…)`: the ids of the rows of `table` whose key column `key` matches the query of `input` — its words
 * (full text), or a close word (trigram word similarity, from three letters) while the words themselves are found
 * in fewer than SEARCH_RANKED_MAX rows: close words are for rare, misread and half-remembered words; a common word
 * has its own hits to rank, and comparing it with every row that shares its trigrams would cost seconds. Each way is
 * its own branch so that each is served by its index (…_key_fts, …_key_trgm): one condition `fts or trigram` over a
 * joined input row made PostgreSQL read every row and compute the similarity of each. `also`: more columns of the
 * matched rows (`, r.created_at`), read with them.
 */
function matchSql(name: string, table: string, id: string, key: string, also = '', recent?: string): string {
  // the first look (`recent`: the column that bounds it, see Recent): only this window's items, and words only
  if (recent)
    return `${name} as (select ${id} as id${also} from ${table}, input i where to_tsvector('simple', ${key}) @@ i.tsq and ${recent} >= i.since)`;
  return `${name}_words as (select ${id} as id${also} from ${table}, input i where to_tsvector('simple', ${key}) @@ i.tsq),
    ${name} as (
      select * from ${name}_words
      union all
      select ${id}${also} from ${table}, input i
      where i.raw <> '' and (select count(*) from (select 1 from ${name}_words limit ${SEARCH_RANKED_MAX}) w) < ${SEARCH_RANKED_MAX}
        and i.raw <% ${key} and ${id} not in (select id from ${name}_words)
    )`;
}

/**
 * A search's first look: only the items created since `since` (and only their words, no close words). When that
 * finds more than SEARCH_RANKED_MAX items the user may see, they are exactly the newest matches the whole search
 * would rank (everything outside the window is older), and the search stops there — for a word in every tenth
 * letter that reads a month of matches instead of a year's (searchItems). Otherwise the whole search runs.
 * Pages and notes are bounded by their own time, never earlier than their receipt's or file's creation.
 */
export type Recent = { since: Date } | undefined;
/** How many days a search (and a suggestion) looks at first. */
export const SEARCH_RECENT_DAYS = 30;

/** `with input as (…)`: the query's forms, with `since` (null for the whole search). */
function inputSql(q: string, recent: Recent): SqlPart {
  const input = searchInputSql(q);
  return { sql: `select x.*, ?::timestamptz as since from (${input.sql}) x`, params: [recent?.since ?? null, ...input.params] };
}

/**
 * `candidates as (…)`: the rows of `table` (`receipt r`) named by the `matched` ids (with their created_at), newest
 * first, that the user reaches (`reach`, reachSql) and the filters admit — their visibility checked one by one until
 * SEARCH_RANKED_MAX + 1 are found (one more, to tell "at least"); each with `via_supervision`.
 */
function candidatesSql(table: string, reach: ReturnType<typeof reachSql>, filterSql: string, recent: Recent): string {
  const alias = table.split(' ')[1]!;
  return `candidates as (
      select ${alias}.*, ${reach.viaSupervision.sql} as via_supervision
      from (select * from matched order by created_at desc) m join ${table} on ${alias}.id = m.id
      where ${reach.where.sql}
        ${filterSql}${recent ? ` and ${alias}.created_at >= (select since from input)` : ''}
      order by m.created_at desc
      limit ${SEARCH_RANKED_MAX + 1}
    )`;
}

/**
 * The search's own queries over receipts and files (full text, 'simple' configuration: no stemming,
 * works for Devanagari; plus trigram word similarity for partial and misspelt words), both over
 * the `search_text` columns (search_key of RECEIPT_SEARCH_TEXT, PAGE_SEARCH_TEXT, FILE_SEARCH_TEXT and a
 * note's body_text, kept by PostgreSQL and indexed) so that Hindi is found however it is written
 * (shared/search-text.ts); they admit only what the access module's visibility fragment admits.
 */

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
  via_supervision: boolean;
  hit_page: number | null;
  snippet: string | null;
  total: string;
}

/**
 * Receipts matching `q` in their subjects, senders, numbers and the OCR text of their pages (full text,
 * 'simple' configuration, plus trigram word similarity), ranked, with a snippet and the best page;
 * only receipts one of `held` may see, or — for a supervising post — reaches in the `supervised` offices.
 */
export function receiptSearchSql(held: readonly string[], q: ReceiptSearch, supervised: readonly string[] = [], recent?: Recent): SqlPart {
  const { filters, params, filter } = sqlFilters();
  filter('r.received_date >= ?', q.from);
  filter('r.received_date <= ?', q.to);
  filter('r.office_id = ?', q.officeId);
  filter('r.category = ?', q.category);
  filter('r.grading = ?', q.grading);
  filter('r.status = ?', q.status);
  const filterSql = filters.map((f) => `and ${f}`).join(' ');
  const reach = reachSql('r', 'receipt', `r.status in ('draft', 'diarised')`, held, supervised);
  const text = 'r.search_text';
  const page = 'p.search_text';
  const input = inputSql(q.q, recent);
  const sql = `
    with input as (${input.sql}),
    ${matchSql('page_match', 'receipt_page p', 'p.id', page, '', recent && 'p.updated_at')},
    page_hits as (
      select p.receipt_id, p.page_no, p.ocr_text,
             ts_rank(to_tsvector('simple', ${page}), i.tsq) + word_similarity(i.raw, ${page}) * 0.5 as rank
      from page_match m join receipt_page p on p.id = m.id, input i
    ),
    best_page as (select distinct on (receipt_id) * from page_hits order by receipt_id, rank desc),
    ${matchSql('receipt_match', 'receipt r', 'r.id', text, ', r.created_at', recent && 'r.created_at')},
    matched as (
      select * from receipt_match
      union all
      select r.id, r.created_at from best_page bp join receipt r on r.id = bp.receipt_id where bp.receipt_id not in (select id from receipt_match)
    ),
    ${candidatesSql('receipt r', reach, filterSql, recent)},
    hits as (
      select r.*, bp.page_no as hit_page, bp.ocr_text as hit_text,
             greatest(coalesce(bp.rank, 0), ts_rank(to_tsvector('simple', ${text}), i.tsq) * 2 + word_similarity(i.raw, ${text})) as rank
      from candidates r cross join input i left join best_page bp on bp.receipt_id = r.id
    )
    select h.id, h.diary_number, h.subject, h.sender, h.letter_number, h.status, h.grading, h.received_date, h.rank, h.hit_page, h.via_supervision,
           case when h.hit_text is not null then ts_headline('simple', h.hit_text, i.hl, 'StartSel=«, StopSel=», MaxWords=18, MinWords=6, MaxFragments=2')
                else ts_headline('simple', coalesce(h.subject, ''), i.hl, 'StartSel=«, StopSel=»') end as snippet,
           count(*) over () as total
    from hits h, input i
    order by h.rank desc, h.created_at desc
    limit ?`;
  return { sql, params: [...input.params, ...reach.viaSupervision.params, ...reach.where.params, ...params, q.limit] };
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
  via_supervision: boolean;
  snippet: string | null;
  total: string;
}

/**
 * Files matching `q` in their numbers, subjects, categories, keywords and notes (full text + trigram,
 * as receipts), ranked, with a snippet; only files one of `held` may see (or, for a supervising post,
 * reaches in the `supervised` offices), and only the notes they may see.
 */
export function fileSearchSql(held: readonly string[], q: FileSearch, supervised: readonly string[] = [], recent?: Recent): SqlPart {
  const { filters, params, filter } = sqlFilters();
  filter(`(f.created_at at time zone 'Asia/Kolkata')::date >= ?`, q.from);
  filter(`(f.created_at at time zone 'Asia/Kolkata')::date <= ?`, q.to);
  filter('f.office_id = ?', q.officeId);
  filter('f.category = ?', q.category);
  filter('f.grading = ?', q.grading);
  filter('f.status = ?', q.status);
  const reach = reachSql('f', 'file', `f.status = 'open'`, held, supervised);
  const notes = noteVisibleSql('n', 'nf', held);
  const text = 'f.search_text';
  const body = 'n.search_text';
  const input = inputSql(q.q, recent);
  const sql = `
    with input as (${input.sql}),
    ${matchSql('note_match', 'note n', 'n.id', body, '', recent && 'n.created_at')},
    note_hits as (
      select n.file_id, n.body_text, n.seq,
             ts_rank(to_tsvector('simple', ${body}), i.tsq) + word_similarity(i.raw, ${body}) * 0.5 as rank
      from note_match m join note n on n.id = m.id join efile nf on nf.id = n.file_id, input i
      where ${notes.sql}
    ),
    best_note as (select distinct on (file_id) * from note_hits order by file_id, rank desc),
    ${matchSql('file_match', 'efile f', 'f.id', text, ', f.created_at', recent && 'f.created_at')},
    matched as (
      select * from file_match
      union all
      select f.id, f.created_at
      from (select file_id as id from best_note union select k.id from efile k, input i where k.keywords @> array[lower(i.q)]${recent ? ' and k.created_at >= i.since' : ''}) x
      join efile f on f.id = x.id
      where x.id not in (select id from file_match)
    ),
    ${candidatesSql('efile f', reach, filters.map((f) => `and ${f}`).join(' '), recent)},
    hits as (
      select f.*, bn.body_text as hit_text,
             greatest(coalesce(bn.rank, 0), ts_rank(to_tsvector('simple', ${text}), i.tsq) * 2 + word_similarity(i.raw, ${text}),
                      case when lower(i.q) = any(f.keywords) then 1 else 0 end) as rank
      from candidates f cross join input i left join best_note bn on bn.file_id = f.id
    )
    select h.id, h.file_number, h.subject, h.status, h.grading, h.created_at, h.rank, h.via_supervision,
           case when h.hit_text is not null then ts_headline('simple', h.hit_text, i.hl, 'StartSel=«, StopSel=», MaxWords=18, MinWords=6, MaxFragments=2')
                else ts_headline('simple', h.subject, i.hl, 'StartSel=«, StopSel=»') end as snippet,
           count(*) over () as total
    from hits h, input i
    order by h.rank desc, h.created_at desc
    limit ?`;
  return { sql, params: [...input.params, ...notes.params, ...reach.viaSupervision.params, ...reach.where.params, ...params, q.limit] };
}

export interface SuggestRow {
  type: 'receipt' | 'file';
  id: string;
  number: string | null;
  subject: string | null;
}

/**
 * Search-as-you-type: receipts and files one of `held` may see whose number holds what was typed
 * (trigram index on search_text serves the `like`) or whose words begin with it, numbers that begin with
 * it first, then the newest; `limit` of them.
 */
export function suggestSql(held: readonly string[], q: string, limit: number): SqlPart {
  const receipts = visibleSql('r', 'receipt', held);
  const files = visibleSql('f', 'file', held);
  const typed = searchPrefixSql(q);
  // each way of matching its own branch, served by its index (trigram for `like`, full text for the word prefixes;
  // one word typed: its prefixes are within the `like`, which alone is read); the newest matches first, their
  // visibility checked one by one until enough are found
  const matches = (table: string, a: string, recent: boolean) => `
      select ${a}.id, ${a}.created_at from ${table} ${a}, input i where ${a}.search_text like i.within${recent ? ` and ${a}.created_at >= i.since` : ''}
      union
      select ${a}.id, ${a}.created_at from ${table} ${a}, input i where (select not one_word from input)
        and to_tsvector('simple', ${a}.search_text) @@ i.words${recent ? ` and ${a}.created_at >= i.since` : ''}`;
  // the newest `limit * 4` matches of a kind the user may see: those of the last SEARCH_RECENT_DAYS first (Recent), and
  // only when they are too few the older ones (the whole match, read only then), newest first
  const newest = (kind: string, table: string, a: string, columns: string, visible: string) => `
    ${kind}_recent as (
      select ${columns}
      from (select * from ${kind}_match_recent order by created_at desc) m join ${table} ${a} on ${a}.id = m.id, input i
      where ${visible}
      order by m.created_at desc limit ?
    ),
    ${kind}_hits as (
      select * from ${kind}_recent
      union all
      (select ${columns}
       from (select * from ${kind}_match order by created_at desc) m join ${table} ${a} on ${a}.id = m.id, input i
       where (select count(*) from ${kind}_recent) < ? and m.created_at < i.since and ${visible}
       order by m.created_at desc limit (select ? - count(*) from ${kind}_recent))
    )`;
  const sql = `
    with input as (select x.*, now() - interval '${SEARCH_RECENT_DAYS} days' as since from (${typed.sql}) x),
    receipt_match_recent as (${matches('receipt', 'r', true)}),
    receipt_match as (${matches('receipt', 'r', false)}),
    file_match_recent as (${matches('efile', 'f', true)}),
    file_match as (${matches('efile', 'f', false)}),
    ${newest(
      'receipt',
      'receipt',
      'r',
      `'receipt' as type, r.id, r.diary_number as number, r.subject, m.created_at,
              (lower(r.diary_number) like i.start or lower(r.letter_number) like i.start) as by_number`,
      receipts.sql,
    )},
    ${newest('file', 'efile', 'f', `'file' as type, f.id, f.file_number as number, f.subject, m.created_at, lower(f.file_number) like i.start as by_number`, files.sql)},
    hits as (select * from receipt_hits union all select * from file_hits)
    select type, id, number, subject from hits order by by_number desc, created_at desc limit ?`;
  const n = limit * 4;
  return {
    sql,
    params: [...typed.params, ...receipts.params, n, n, ...receipts.params, n, ...files.params, n, n, ...files.params, n, limit],
  };
}
