-- search_key(text): the one form every text search compares (issue 18 item 3; shared/search-text.ts).
-- Indexes are built on it (receipt, receipt_page, efile, note) and queries pass the typed text through it,
-- so Devanagari, Latin transliteration, either digits and spelling variants meet:
--   पीलीभीत / Pilibhit / peelibheet → pilibhit;  ज़िला / जिला / zilla → jila;  ११७ → 117;  ई-ऑफिस / e-office → i-ofis.
-- Steps: Unicode NFD with the nukta (ड़/ढ़ read r/rh), ZWJ/ZWNJ/zero-width spaces and Latin accents dropped; chandrabindu = anusvara;
-- Devanagari digits = ASCII; English c/q/x/z/w/ph spelt by sound (before the Devanagari is romanised, so only
-- Latin text gets them); Devanagari romanised letter by letter, its inherent vowel dropped at a word's end (not
-- after a conjunct: मिश्र → mishra); then, on both, vowel length and doubled letters folded, a word's last a after a
-- consonant dropped (karyalaya = कार्यालय, Mishra = मिश्र), m before a consonant or at a word's end read as the
-- anusvara's n (samyukt = संयुक्त, tyoharom = त्योहारों), and every a between two consonants dropped: where Hindi
-- keeps or drops its inherent vowel is not written, so pragati and प्रगति (prgti), puranpur and पूरनपुर (purnpur)
-- meet whichever way they are spelt. Loose by design: precision comes from matching whole words (full text) or
-- close words (trigrams); the fold keeps prefixes (bare → breli: बरेली). A number is a word of its own, also where it
-- touches letters (up 26 ab 1234).
-- ड़ and ढ़ are read r and rh (Sungarhi = सुनगढ़ी, Barkhera = बरखेड़ा), but written d and dh as often (Barkheda), and
-- OCR drops their dot: a stored text (search_key(t), what the generated search_text columns hold) keeps a word holding
-- one both ways, "barkher barkhed"; a query (search_key(q, false)) reads it r only, so that a Devanagari query still
-- finds the English letter that writes Barkhera, and the words of a query need not all be read twice.
create or replace function search_key(t text, both_readings boolean) returns text language plpgsql immutable strict parallel safe as $fn$
declare s text;
begin
  -- one form for Devanagari and Latin: decomposed, nukta, zero-width joiners and Latin accents dropped
  -- ड़ and ढ़ are kept as consonants (ऱ, ऱ्ह) while the other nuktas go
  s := replace(replace(normalize(t, NFD), E'\u0921\u093C', E'\u0931'), E'\u0922\u093C', E'\u0931\u094D\u0939');
  s := lower(regexp_replace(s, '[\u093C\u200B-\u200D\u2060\uFEFF\u0300-\u036F]', '', 'g'));
  s := translate(s, '०१२३४५६७८९ँ', '0123456789ं');
  if both_readings and strpos(s, E'\u0931') > 0 then
    s := (select string_agg(case when strpos(w, E'\u0931') > 0
                                 then w || ' ' || replace(replace(w, E'\u0931\u094D\u0939', E'\u0922'), E'\u0931', E'\u0921') else w end, ' ' order by n)
          from regexp_split_to_table(s, '\s+') with ordinality as x(w, n));
  end if;
  -- English spelling towards its sound, before Devanagari joins the Latin letters
  s := regexp_replace(s, '\me(?=-)', 'i', 'g');
  s := regexp_replace(s, 'ce\M', 's', 'g');
  s := regexp_replace(s, 'c(?=[eiy])', 's', 'g');
  s := regexp_replace(s, 'c(?!h)', 'k', 'g');
  s := replace(replace(replace(replace(replace(s, 'x', 'ks'), 'q', 'k'), 'z', 'j'), 'w', 'v'), 'ph', 'f');
  -- Devanagari: inherent vowel made explicit, dropped at a word's end (not after a conjunct)
  s := replace(s, 'ज्ञ', 'ग्य');
  s := regexp_replace(s, '([\u0915-\u0939\u0933])(?![\u093E-\u094D\u0962\u0963])', E'\\1\uE000', 'g');
  s := regexp_replace(s, E'([^\u094D][\u0915-\u0939])\uE000(?![\u0900-\u097F])', '\1', 'g');
  s := regexp_replace(s, E'^([\u0915-\u0939])\uE000(?![\u0900-\u097F])', '\1', 'g');
  s := replace(s, E'\u094D', '');
  s := replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s,
         'ख', 'kh'), 'घ', 'gh'), 'च', 'ch'), 'छ', 'ch'), 'झ', 'jh'), 'ठ', 'th'), 'ढ', 'dh'), 'थ', 'th'), 'ध', 'dh'), 'भ', 'bh');
  s := replace(replace(replace(replace(replace(replace(replace(replace(replace(s,
         'श', 'sh'), 'ष', 'sh'), 'ऋ', 'ri'), 'ृ', 'ri'), 'ऐ', 'ai'), 'ै', 'ai'), 'औ', 'au'), 'ौ', 'au'), 'ॐ', 'om');
  s := translate(s, E'कगङजञटडणतदनपफबमयरऱलळवसहः\uE000अआइईउऊएओऑऍािीुूेोॉॅॆॊं।॥',
                    E'kgnjntdntdnpfbmyrrllvshhaaaiiuueooeaiiuueooeoen  ');
  -- both: vowel length and doubled letters folded, a word's last a dropped, m as the anusvara, medial a dropped
  s := replace(replace(replace(s, 'ee', 'i'), 'oo', 'u'), 'chh', 'ch');
  s := regexp_replace(s, '([a-z])\1+', '\1', 'g');
  s := regexp_replace(s, '([b-df-hj-np-tv-z])a\M', '\1', 'g');
  s := regexp_replace(s, 'm(?![aeiou])', 'n', 'g');
  s := regexp_replace(s, '([b-df-hj-np-tv-z])a(?=[b-df-hj-np-tv-z])', '\1', 'g');
  -- a number is a word of its own, also where it touches letters (UP26AB1234, or OCR's SP/SP/971 read SPISIP971)
  s := regexp_replace(s, '([a-z])(?=[0-9])|([0-9])(?=[a-z])', '\1\2 ', 'g');
  return s;
end
$fn$;

-- the form of a stored text: both readings of ड़/ढ़ (what the generated search_text columns are built on). The call
-- names its schema: pg_restore loads the rows, computing these columns, with an empty search_path.
create or replace function search_key(t text) returns text language sql immutable strict parallel safe as $fn$
  select public.search_key(t, true)
$fn$;
