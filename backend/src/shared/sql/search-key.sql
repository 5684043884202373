-- search_key(text): the one form every text search compares (issue 18 item 3; shared/search-text.ts).
-- Indexes are built on it (receipt, receipt_page, efile, note) and queries pass the typed text through it,
-- so Devanagari, Latin transliteration, either digits and spelling variants meet:
--   पीलीभीत / Pilibhit / peelibheet → pilibhit;  ज़िला / जिला / zilla → jila;  ११७ → 117;  ई-ऑफिस / e-office → i-ofis.
-- Steps: Unicode NFD with the nukta (ड़/ढ़ read r/rh), ZWJ/ZWNJ/zero-width spaces and Latin accents dropped; chandrabindu = anusvara;
-- Devanagari digits = ASCII; English c/q/x/z/w/ph spelt by sound (before the Devanagari is romanised, so only
-- Latin text gets them); Devanagari romanised letter by letter, its inherent vowel dropped at a word's end (not
-- after a conjunct: मिश्र → mishra) and between VC_CV (सरकार → sarkar); then vowel length and doubled letters
-- folded on both, and a word's last a after a consonant dropped (karyalaya = कार्यालय, Mishra = मिश्र). Loose by design: precision comes from matching whole words (full text) or close words (trigrams).
create or replace function search_key(t text) returns text language plpgsql immutable strict parallel safe as $fn$
declare s text;
begin
  -- one form for Devanagari and Latin: decomposed, nukta, zero-width joiners and Latin accents dropped
  -- ड़ and ढ़ are read r and rh (Sungarhi = सुनगढ़ी): kept as consonants (ऱ) while the other nuktas go
  s := replace(replace(normalize(t, NFD), E'\u0921\u093C', E'\u0931'), E'\u0922\u093C', E'\u0931\u094D\u0939');
  s := lower(regexp_replace(s, '[\u093C\u200B-\u200D\u2060\uFEFF\u0300-\u036F]', '', 'g'));
  s := translate(s, '०१२३४५६७८९ँ', '0123456789ं');
  -- English spelling towards its sound, before Devanagari joins the Latin letters
  s := regexp_replace(s, '\me(?=-)', 'i', 'g');
  s := regexp_replace(s, 'ce\M', 's', 'g');
  s := regexp_replace(s, 'c(?=[eiy])', 's', 'g');
  s := regexp_replace(s, 'c(?!h)', 'k', 'g');
  s := replace(replace(replace(replace(replace(s, 'x', 'ks'), 'q', 'k'), 'z', 'j'), 'w', 'v'), 'ph', 'f');
  -- Devanagari: inherent vowel made explicit, dropped at a word's end (not after a conjunct) and between VC_CV
  s := replace(s, 'ज्ञ', 'ग्य');
  s := regexp_replace(s, '([\u0915-\u0939\u0933])(?![\u093E-\u094D\u0962\u0963])', E'\\1\uE000', 'g');
  s := regexp_replace(s, E'([^\u094D][\u0915-\u0939])\uE000(?![\u0900-\u097F])', '\1', 'g');
  s := regexp_replace(s, E'^([\u0915-\u0939])\uE000(?![\u0900-\u097F])', '\1', 'g');
  s := regexp_replace(s, E'([\u0904-\u0914\u093E-\u094C\uE000][\u0915-\u0939])\uE000(?=[\u0915-\u0939][\u0904-\u0914\u093E-\u094C\uE000])', '\1', 'g');
  s := replace(s, E'\u094D', '');
  s := replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s,
         'ख', 'kh'), 'घ', 'gh'), 'च', 'ch'), 'छ', 'ch'), 'झ', 'jh'), 'ठ', 'th'), 'ढ', 'dh'), 'थ', 'th'), 'ध', 'dh'), 'भ', 'bh');
  s := replace(replace(replace(replace(replace(replace(replace(replace(replace(s,
         'श', 'sh'), 'ष', 'sh'), 'ऋ', 'ri'), 'ृ', 'ri'), 'ऐ', 'ai'), 'ै', 'ai'), 'औ', 'au'), 'ौ', 'au'), 'ॐ', 'om');
  s := translate(s, E'कगङजञटडणतदनपफबमयरऱलळवसहः\uE000अआइईउऊएओऑऍािीुूेोॉॅॆॊं।॥',
                    E'kgnjntdntdnpfbmyrrllvshhaaaiiuueooeaiiuueooeoen  ');
  -- both: vowel length and doubled letters folded
  s := replace(replace(replace(s, 'ee', 'i'), 'oo', 'u'), 'chh', 'ch');
  s := regexp_replace(s, 'm(?=[bp])', 'n', 'g');
  s := regexp_replace(s, '([a-z])\1+', '\1', 'g');
  s := regexp_replace(s, '([b-df-hj-np-tv-z])a\M', '\1', 'g');
  return s;
end
$fn$;
