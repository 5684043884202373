/**
 * Hindi however it is written (issue 18 item 3). Every text search compares `search_key(text)` — a
 * PostgreSQL IMMUTABLE function (migration Migration20261207061244, shared/sql/search-key.sql) that the GIN indexes are built on
 * and the query goes through too: Unicode-decomposed, nukta, ZWJ/ZWNJ and accents dropped,
 * chandrabindu = anusvara, Devanagari digits = ASCII digits, and Devanagari romanised into the loose
 * Latin form people type (vowel length and doubled letters folded, the inherent vowel dropped where
 * Hindi drops it, English c/q/x/z/w/ph spelt by sound), so पीलीभीत, Pilibhit and peelibheet all become
 * `pilibhit`. The one rule lives in the database, so index and query cannot drift apart; this module
 * adds what needs the query's letter case: acronyms read out letter by letter (QR ↔ क्यूआर). Stored texts
 * keep a word with ड़/ढ़ in both readings (Barkhera and Barkheda); queries go through `search_key(q, false)`,
 * which reads it r only, so each word of a query is one word to find.
 *
 * The searched tables keep the key in a generated `search_text` column (computed once per write, not
 * per query: the function costs ~0.2 ms on a subject, ~10 ms on an OCR page), indexed for full text
 * and trigrams. Changing search_key later needs a migration that also recomputes those columns
 * (drop and re-add them): PostgreSQL does not recompute stored columns when their function changes.
 */

/** How Hindi writes the names of the Latin letters (QR → क्यू + आर). */
const LETTER_NAMES: Record<string, string> = {
  A: 'ए',
  B: 'बी',
  C: 'सी',
  D: 'डी',
  E: 'ई',
  F: 'एफ',
  G: 'जी',
  H: 'एच',
  I: 'आई',
  J: 'जे',
  K: 'के',
  L: 'एल',
  M: 'एम',
  N: 'एन',
  O: 'ओ',
  P: 'पी',
  Q: 'क्यू',
  R: 'आर',
  S: 'एस',
  T: 'टी',
  U: 'यू',
  V: 'वी',
  W: 'डब्ल्यू',
  X: 'एक्स',
  Y: 'वाई',
  Z: 'जेड',
};
const BY_NAME = Object.entries(LETTER_NAMES)
  .map(([letter, name]) => [name, letter] as const)
  .sort((a, b) => b[0].length - a[0].length);

/** An acronym typed in Latin letters: all capitals (QR, DM, SDM), or short and without a vowel (qr, sdm). */
const isLatinAcronym = (w: string) => /^[A-Z]{2,5}$/.test(w) || /^[b-df-hj-np-tv-z]{2,5}$/i.test(w);

/** The Latin letters a Devanagari word reads out (क्यूआर → QR), if it is nothing but two or more letter names. */
function readLetterNames(word: string): string | null {
  const w = word.normalize('NFD').replace(/[\u093C\u200B-\u200D]/g, '');
  const out: string[] = [];
  let i = 0;
  while (i < w.length) {
    const hit = BY_NAME.find(([name]) => w.startsWith(name.normalize('NFD').replace(/\u093C/g, ''), i));
    if (!hit) return null;
    out.push(hit[1]);
    i += hit[0].normalize('NFD').replace(/\u093C/g, '').length;
  }
  return out.length >= 2 ? out.join('') : null;
}

/**
 * The query as typed and, when it holds an acronym, the same query with the acronym in the other
 * script (QR ↔ क्यूआर) — search_key makes the rest of the two scripts meet.
 */
export function searchVariants(q: string): [string, string] {
  const other = q.replace(/[\p{L}\p{M}\u200C\u200D]+/gu, (w) => {
    if (isLatinAcronym(w)) return [...w.toUpperCase()].map((c) => LETTER_NAMES[c]).join('');
    return readLetterNames(w) ?? w;
  });
  return [q, other];
}

/** The key of a text expression, as the generated `search_text` columns hold it. */
export const searchKey = (expr: string) => `search_key(${expr})`;

/**
 * How close a word must be to count as a close word (pg_trgm word similarity, `<%`; the library's default is 0.6).
 * Keys are short (search_key drops the vowels between consonants), so one wrong letter costs a larger share of a
 * word's trigrams: Tracter and Tractor (trkter, trktor) are 0.57 apart. Set for the statement's own transaction by
 * the input row, which every branch that compares words reads first.
 */
export const CLOSE_WORD_SIMILARITY = 0.55;

/**
 * The input row every text search starts from (`with input as (…)`): `tsq` the words of the query in
 * either spelling (full text over `to_tsvector('simple', search_key(…))`), `raw` its key (trigram
 * word similarity against `search_key(…)`; empty, so matching nothing, when shorter than three letters,
 * where trigrams would match nearly every text), `hl` the words as typed (to mark them in a snippet of the
 * original text), `q` the text as typed.
 */
export function searchInputSql(q: string): { sql: string; params: unknown[] } {
  const tsq = searchTsquerySql(q);
  return {
    sql: `select ${tsq.sql} as tsq, case when length(search_key(?, false)) >= 3 then search_key(?, false) else '' end as raw,
                 websearch_to_tsquery('simple', ?) as hl, ?::text as q
          from (select set_config('pg_trgm.word_similarity_threshold', '${CLOSE_WORD_SIMILARITY}', true)) as close_words`,
    params: [...tsq.params, q, q, q, q],
  };
}

/** The words of `q` in either spelling, as a tsquery to match `to_tsvector('simple', search_key(…))`. */
export function searchTsquerySql(q: string): { sql: string; params: unknown[] } {
  const [typed, other] = searchVariants(q);
  return {
    sql: `(websearch_to_tsquery('simple', search_key(?, false)) || websearch_to_tsquery('simple', search_key(?, false)))`,
    params: [typed, other],
  };
}

/**
 * What has been typed so far, for suggestions (`with input as (…)`): `within` a `like` pattern for a key
 * holding it (numbers: PBT/SP/2026/000117 by 117; from three letters, where the trigram index serves it), `words` a tsquery for words of a key beginning with
 * each typed word, `start` a `like` pattern for a number beginning with the text as typed (lower case), `one_word` whether
 * what was typed is one word of three letters or more (whose every word-prefix match is also a `within` match).
 */
export function searchPrefixSql(q: string): { sql: string; params: unknown[] } {
  const escape = (expr: string) => `replace(replace(replace(${expr}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
  return {
    sql: `select case when length(search_key(?, false)) >= 3 then '%' || ${escape('search_key(?, false)')} || '%' end as within,
                 ${escape('lower(?)')} || '%' as start,
                 coalesce((select string_agg(quote_literal(w) || ':*', ' & ')
                           from regexp_split_to_table(search_key(?, false), '[^a-z0-9]+') w where w <> '')::tsquery, ''::tsquery) as words,
                 length(search_key(?, false)) >= 3 and search_key(?, false) ~ '^[a-z0-9]+$' as one_word`,
    params: [q, q, q, q, q, q],
  };
}
