import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SanscriptModule from '@indic-transliteration/sanscript';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';

// a CommonJS module whose typings declare a default export: at run time the module is the namespace
const Sanscript = SanscriptModule as unknown as typeof SanscriptModule.default;

/**
 * Search finds Hindi however it is written (issue 18 item 3): search_key (shared/sql/search-key.sql)
 * against its cases and the transliteration library's reading of each letter; then receipts and a
 * file diarised through the API are found through /api/search and the receipt search by Devanagari,
 * Latin and digit-variant queries, while an unrelated receipt is not.
 */
let system: TestSystem;
let dak: ApiClient;
const made: Record<string, string> = {};
const key = async (texts: string[]) =>
  (
    await system.deps.pool.query('select search_key(t) as k from unnest($1::text[]) with ordinality as u(t, n) order by n', [texts])
  ).rows.map((r: { k: string }) => r.k);
const search = async (q: string, extra = '', client = dak) => {
  const res = await client.get(`/api/search?q=${encodeURIComponent(q)}&pageSize=50${extra}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((i: { id: string }) => i.id) as string[];
};

beforeAll(async () => {
  system = await bootSystem();
  dak = await loggedIn(system.url!, 'dak.sp');
  const receipt = async (name: string, subject: string, sender: string) => {
    const res = await dak.post('/api/receipts', { receivedDate: '2026-11-20', mode: 'post', sender, subject });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    made[name] = res.body.receipt?.id ?? res.body.id;
  };
  await receipt('pilibhit', 'पीलीभीत नगर में जल भराव की शिकायत', 'नगर पालिका परिषद');
  await receipt('qr', 'क्यूआर कोड वाले पास का सत्यापन', 'थाना प्रभारी, सुनगढ़ी');
  await receipt('number', 'पत्रांक ११७ के संबंध में अनुस्मारक', 'अपर पुलिस अधीक्षक');
  await receipt('zila', 'ज़िला स्तरीय समिति की बैठक', 'ज़िलाधिकारी कार्यालय');
  await receipt('eoffice', 'ई-ऑफिस प्रशिक्षण कार्यक्रम', 'एन.आई.सी.');
  await receipt('unrelated', 'Monthly crime review meeting', 'Superintendent of Police, Budaun');
});
afterAll(async () => system?.stop());

describe('search_key: one form for either script', () => {
  it('folds transliteration, vowel length, nukta, ZWJ/ZWNJ, chandrabindu and Devanagari digits', async () => {
    const cases: Array<[string, string]> = [
      ['पीलीभीत', 'Pilibhit'],
      ['पीलीभीत', 'peelibheet'],
      ['पिलिभित', 'पीलीभीत'], // -ि/-ी spelling variants
      ['ज़िला', 'जिला'], // precomposed nukta (U+095B) and base+nukta
      ['ज़िला', 'zila'],
      ['ज़िला', 'zilla'],
      ['क़ानून', 'kanoon'],
      ['सुनगढ़ी', 'Sungarhi'], // ड़/ढ़ read r/rh
      ['बरखेड़ा', 'Barkhera'],
      ['जि\u200Dला', 'जिला'], // ZWJ
      ['जि\u200Cला', 'जिला'], // ZWNJ
      ['आँख', 'आंख'], // chandrabindu = anusvara
      ['११७', '117'],
      ['पत्रांक ११७/२०२६', 'patrank 117/2026'],
      ['ई-ऑफिस', 'e-office'],
      ['सरकार', 'sarkar'],
      ['मिश्र', 'Mishra'],
      ['श्री', 'shree'],
      ['संबंध', 'sambandh'],
      ['कार्यालय', 'karyalaya'],
    ];
    const left = await key(cases.map((c) => c[0]));
    const right = await key(cases.map((c) => c[1]));
    expect(left.map((k, i) => [cases[i]![0], k])).toEqual(right.map((k, i) => [cases[i]![0], k]));
    // and keeps apart what differs
    const [a, b, c] = await key(['पीलीभीत', 'बरेली', '118']);
    expect(new Set([a, b, c, (await key(['117']))[0]]).size).toBe(4);
  });

  it('reads every Devanagari letter as the transliteration library does (ITRANS, loosely folded)', async () => {
    const consonants = [...'कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह'];
    const vowels = ['ि', 'ी', 'ु', 'ू', 'े', 'ै', 'ो', 'ौ', 'ा'];
    const syllables = [
      ...consonants.map((c) => `${c}ा`),
      ...vowels.map((v) => `क${v}`),
      'कृ',
      'क्षा',
      'अ',
      'आ',
      'इ',
      'ई',
      'उ',
      'ऊ',
      'ए',
      'ऐ',
      'ओ',
      'औ',
    ];
    const itrans = syllables.map((s) =>
      Sanscript.t(s, 'devanagari', 'itrans')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase(),
    );
    expect(await key(syllables)).toEqual(await key(itrans));
    // the library's way back (ITRANS → Devanagari) lands on the same key as the typed Latin
    const typed = ['pIlIbhIt', 'kAryAlay', 'adhIkShak'];
    expect(await key(typed.map((t) => Sanscript.t(t, 'itrans', 'devanagari')))).toEqual(await key(typed.map((t) => t.toLowerCase())));
  });
});

describe('finding diarised Hindi letters however the query is written', () => {
  const queries: Array<[string, string[]]> = [
    ['pilibhit', ['पीलीभीत', 'pilibhit', 'Pilibhit', 'peelibheet', 'पिलिभित']],
    ['qr', ['क्यूआर', 'QR', 'qr', 'kyuar']],
    ['number', ['११७', '117', 'पत्रांक 117', 'patrank']],
    ['zila', ['ज़िला', 'जिला', 'zila', 'zilla', 'जि\u200Dला']],
    ['eoffice', ['ई-ऑफिस', 'e-office', 'E-Office']],
  ];
  for (const [name, variants] of queries) {
    it(`finds the ${name} letter by ${variants.join(', ')} — and not the unrelated one`, async () => {
      for (const q of variants) {
        const all = await search(q);
        expect(all, q).toContain(made[name]);
        expect(all, q).not.toContain(made.unrelated);
        expect(await search(q, '&type=receipt'), `${q} (receipts)`).toContain(made[name]);
      }
    });
  }

  it('a Latin query finds a file by its Hindi subject in the file list too (the pickers’ search)', async () => {
    const sho = await loggedIn(system.url!, 'sho.kotwali');
    const head = (await sho.get('/api/file-heads')).body.items[0];
    const file = await sho.post('/api/files', { headId: head.id, subject: 'पीलीभीत ज़िला क्यूआर पास' });
    expect(file.status, JSON.stringify(file.body)).toBe(201);
    for (const q of ['pilibhit', 'QR', 'zila']) {
      expect(await search(q, '&type=file', sho), q).toContain(file.body.id);
      const list = await sho.get(`/api/files?q=${encodeURIComponent(q)}&pageSize=50`);
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(
        list.body.items.map((i: { id: string }) => i.id),
        q,
      ).toContain(file.body.id);
    }
  });

  it('stays precise: a short Latin query does not return everything, a foreign word nothing', async () => {
    for (const q of ['pi', 'ka', 'e']) {
      const ids = await search(q);
      expect(ids.length, q).toBeLessThan(Object.keys(made).length);
    }
    expect(await search('Budaun')).toEqual([made.unrelated]);
    expect(await search('xylophone')).toEqual([]);
  });
});

describe('search-as-you-type suggestions', () => {
  const suggest = async (q: string, client = dak) => {
    const res = await client.get(`/api/search/suggest?q=${encodeURIComponent(q)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as Array<{ type: string; id: string; number: string | null; subject: string | null }>;
  };

  it('suggests a receipt by the start of its subject words in either script, and by part of its diary number', async () => {
    expect((await suggest('पीली')).map((i) => i.id)).toContain(made.pilibhit);
    expect((await suggest('pilib')).map((i) => i.id)).toContain(made.pilibhit);
    expect((await suggest('zil')).map((i) => i.id)).toContain(made.zila);
    const got = await dak.get(`/api/receipts/${made.qr}`);
    const diary = (got.body.receipt ?? got.body).diaryNumber as string;
    const tail = diary.split('/').pop()!;
    const byNumber = await suggest(tail);
    expect(byNumber[0], tail).toMatchObject({ type: 'receipt', id: made.qr, number: diary });
    expect((await suggest(diary)).map((i) => i.id)).toEqual([made.qr]);
  });

  it('suggests at most 8, nothing the user may not see, and answers 400 to an empty query', async () => {
    expect((await suggest('a')).length).toBeLessThanOrEqual(8);
    const outsider = await loggedIn(system.url!, 'sho.kotwali');
    expect((await suggest('pilib', outsider)).map((i) => i.id)).not.toContain(made.pilibhit);
    expect((await dak.get('/api/search/suggest?q=')).status).toBe(400);
    expect((await suggest('%_\\')).length).toBe(0);
  });
});
