import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import SanscriptModule from '@indic-transliteration/sanscript';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { RECEIPT_SEARCH_TEXT } from '../../backend/src/modules/dak/dak.entity.js';
import { SEARCH_RANKED_MAX, SEARCH_RECENT_DAYS } from '../../backend/src/modules/search/search.queries.js';
import { Migration20261207070102 } from '../../migrations/Migration20261207070102.js';
import { Migration20261207182547 } from '../../migrations/Migration20261207182547.js';

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
/** The key of each text as a query (search_key(q, false)): what the cases below compare. */
const key = async (texts: string[]) =>
  (
    await system.deps.pool.query('select search_key(t, false) as k from unnest($1::text[]) with ordinality as u(t, n) order by n', [texts])
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
  await receipt('barkhera', 'Meeting of the village defence party at Barkhera', 'Station House Officer');
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
      // where Hindi keeps or drops its inherent vowel is not written: either spelling meets
      ['प्रगति', 'pragati'],
      ['पूरनपुर', 'Puranpur'],
      ['बीसलपुर', 'Bisalpur'],
      ['कोतवाली', 'Kotwali'],
      ['समयबद्ध', 'samaybaddh'],
      // the anusvara typed as m, before a consonant or at a word's end
      ['संयुक्त', 'samyukt'],
      ['त्योहारों', 'tyoharom'],
      ['त्योहारों', 'tyoharon'],
      ['एवं', 'evam'],
      ['शांति', 'shamti'],
    ];
    const left = await key(cases.map((c) => c[0]));
    const right = await key(cases.map((c) => c[1]));
    expect(left.map((k, i) => [cases[i]![0], k])).toEqual(right.map((k, i) => [cases[i]![0], k]));
    // and keeps apart what differs
    const [a, b, c] = await key(['पीलीभीत', 'बरेली', '118']);
    expect(new Set([a, b, c, (await key(['117']))[0]]).size).toBe(4);
    // a stored text keeps a word with ड़/ढ़ in both readings, r and d (Barkhera, Barkheda), as OCR without the dot reads it
    const stored = (await system.deps.pool.query(`select search_key('बरखेड़ा थाना, सुनगढ़ी') as k`)).rows[0].k as string;
    expect(stored.split(/[ ,]+/)).toEqual(expect.arrayContaining(await key(['Barkhera', 'Barkheda', 'बरखेडा', 'Sungarhi', 'सुनगढी'])));
    // and a half-typed word still leads to the whole one (suggestions match key prefixes)
    const [half, whole, part] = await key(['bare', 'बरेली', 'kotwa']);
    expect(whole!.startsWith(half!), `${half} → ${whole}`).toBe(true);
    expect((await key(['कोतवाली']))[0]!.startsWith(part!)).toBe(true);
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
    // its sender is थाना प्रभारी, सुनगढ़ी: ड़/ढ़ written r or d, or read by OCR without the dot
    ['qr', ['सुनगढ़ी', 'Sungarhi', 'sungadhi', 'सुनगढी']],
    ['barkhera', ['बरखेड़ा', 'Barkhera', 'barkheda']],
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

describe('the migration that changed search_key', () => {
  it('recomputes every stored key with the new rule — green (locked) notes too, their text untouched', async () => {
    // a file whose note turned green: the file moved on
    const sho = await loggedIn(system.url!, 'sho.kotwali');
    const head = (await sho.get('/api/file-heads')).body.items[0];
    let file = (await sho.post('/api/files', { headId: head.id, subject: 'थाना कोतवाली की मासिक प्रगति' })).body;
    file = (await sho.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>पूरनपुर चौकी की प्रगति संलग्न है।</p>' })).body;
    const posts = (await dak.get('/api/org/posts?pageSize=200')).body.items as { id: string; code: string }[];
    const sent = await sho.post(`/api/files/${file.id}/send`, {
      version: file.version,
      toPostId: posts.find((p) => p.code === 'PBT-SP-SP')!.id,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    // as the schema's owner, as migrations run
    const client = new pg.Client({ connectionString: system.db.url });
    await client.connect();
    const note = async () =>
      (await client.query(`select state, body_text, search_text, search_key(body_text) as fresh from note where file_id = $1`, [file.id]))
        .rows[0];
    try {
      await client.query('begin');
      // the database as the migration found it: the keys of the rule before (the lock lifted only to write them)
      for (const sql of Object.values(Migration20261207070102.sqlFiles)) await client.query(sql);
      await client.query('alter table note disable trigger note_green_is_final');
      await client.query('update note set body_text = body_text');
      await client.query('alter table note enable trigger note_green_is_final');
      await client.query('update efile set subject = subject');
      const before = await note();
      expect(before.state).toBe('green');
      expect(before.search_text).toContain('pragti');
      // the migration as the migrator runs it: its statements in order, in one transaction
      const migration = new Migration20261207182547(null as never, null as never);
      await migration.up();
      for (const sql of migration.getQueries()) await client.query(String(sql));
      const after = await note();
      expect(after).toMatchObject({ state: 'green', body_text: before.body_text, search_text: after.fresh });
      expect(after.search_text).toContain('prgti');
      const stale = await client.query(
        `select (select count(*) from receipt where search_text is distinct from search_key(${RECEIPT_SEARCH_TEXT})) as receipts,
                (select count(*) from note where search_text is distinct from search_key(body_text)) as notes`,
      );
      expect(stale.rows[0]).toEqual({ receipts: '0', notes: '0' });
      await client.query('commit');
    } catch (e) {
      await client.query('rollback');
      throw e;
    } finally {
      await client.end();
    }
    // found by either spelling afterwards
    for (const q of ['pragati', 'प्रगति', 'kotwali']) expect(await search(q, '&type=file', sho), q).toContain(file.id);
  });
});

describe('a word found in more items than are ranked', () => {
  it(`ranks the newest ${SEARCH_RANKED_MAX} of each kind, counts them and says there are more (the search stays quick on a million)`, async () => {
    // 1,005 more receipts like the pilibhit one, seen by the same posts (inserted as the owner: the API would take minutes)
    const owner = new pg.Client({ connectionString: system.db.url });
    await owner.connect();
    try {
      const cols = (
        await owner.query(
          `select string_agg(quote_ident(column_name), ', ' order by ordinal_position) as c from information_schema.columns
           where table_schema = 'public' and table_name = 'receipt' and is_generated = 'NEVER' and column_name not in ('id', 'diary_number', 'diary_seq', 'created_at')`,
        )
      ).rows[0].c as string;
      await owner.query(
        `insert into receipt (id, diary_number, diary_seq, created_at, ${cols})
         select gen_random_uuid(), 'BULK/' || g, 900000 + g, now() - g * interval '1 minute', ${cols} from receipt, generate_series(1, 1005) g where receipt.id = $1`,
        [made.pilibhit],
      );
      await owner.query(
        `insert into item_access (item_type, item_id, post_id, read_only, granted_at)
         select 'receipt', r.id, a.post_id, a.read_only, a.granted_at from receipt r join item_access a on a.item_type = 'receipt' and a.item_id = $1
         where r.diary_number like 'BULK/%'`,
        [made.pilibhit],
      );
    } finally {
      await owner.end();
    }
    for (const q of ['पीलीभीत', 'pilibhit']) {
      const res = await dak.get(`/api/search?q=${encodeURIComponent(q)}&type=receipt&pageSize=100`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body, q).toMatchObject({ total: SEARCH_RANKED_MAX, more: true });
      // the newest come first among equals: the original, then the copies minute by minute
      expect(res.body.items).toHaveLength(100);
      expect(
        res.body.items.slice(0, 3).map((i: { id: string; number: string }) => (i.id === made.pilibhit ? 'original' : i.number)),
      ).toEqual(['original', 'BULK/1', 'BULK/2']);
    }
    // a rare word is counted exactly, and a misread word (no row holds it) still finds the rows with the close one
    const rare = await dak.get(`/api/search?q=${encodeURIComponent('क्यूआर')}&type=receipt`);
    expect(rare.body).toMatchObject({ total: 1, more: false });
    expect(await search('पीलीभीन', '&type=receipt')).toContain(made.pilibhit);
  });

  it(`looks at the last ${SEARCH_RECENT_DAYS} days first and at everything when they hold too few: the same newest ${SEARCH_RANKED_MAX} either way`, async () => {
    // 300 of the copies stay recent, the other 705 move back past the window: the first look finds too few and the
    // whole search ranks the 300 recent ones, then the older ones newest first
    const owner = new pg.Client({ connectionString: system.db.url });
    await owner.connect();
    try {
      await owner.query(
        `update receipt set created_at = now() - interval '${SEARCH_RECENT_DAYS + 10} days' - (diary_seq - 900000) * interval '1 minute'
          where diary_number like 'BULK/%' and diary_seq - 900000 >= 300`,
      );
    } finally {
      await owner.end();
    }
    for (const q of ['पीलीभीत', 'pilibhit']) {
      const last = await dak.get(`/api/search?q=${encodeURIComponent(q)}&type=receipt&pageSize=100&page=5`);
      expect(last.status, JSON.stringify(last.body)).toBe(200);
      expect(last.body, q).toMatchObject({ total: SEARCH_RANKED_MAX, more: true });
      expect(last.body.items.map((i: { number: string }) => i.number).slice(-2)).toEqual(['BULK/498', 'BULK/499']);
      const first = await dak.get(`/api/search?q=${encodeURIComponent(q)}&type=receipt&pageSize=100&page=3`);
      // the recent ones (the original and BULK/1–299) fill the first three pages; the older ones follow
      expect(first.body.items.map((i: { number: string }) => i.number).slice(-2)).toEqual(['BULK/298', 'BULK/299']);
    }
    // suggestions likewise: with only the original left in the window, the older copies follow it, newest first
    const owner2 = new pg.Client({ connectionString: system.db.url });
    await owner2.connect();
    try {
      await owner2.query(
        `update receipt set created_at = now() - interval '${SEARCH_RECENT_DAYS + 10} days' - (diary_seq - 900000) * interval '1 minute'
          where diary_number like 'BULK/%'`,
      );
    } finally {
      await owner2.end();
    }
    const typed = await dak.get(`/api/search/suggest?q=pilibh`);
    expect(typed.status).toBe(200);
    expect(typed.body.items.map((i: { id: string; number: string }) => (i.id === made.pilibhit ? 'original' : i.number))).toEqual([
      'original',
      ...Array.from({ length: 7 }, (_, k) => `BULK/${k + 1}`),
    ]);
  });
});
