/**
 * Set-based seeding for the inbox benchmark (tests/bench/inbox.ts): receipts, files, their movement
 * chains and access rows are generated inside PostgreSQL (insert … select from generate_series), so a
 * million items and five million movements take minutes, not hours. Nothing of the schema changes:
 * plain (non-constraint) indexes of the four bulk tables are dropped for the load and recreated from
 * their own definitions; the definitions are kept in a file first, so a crash mid-load is repaired on
 * the next run.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import type pg from 'pg';

export interface SeedOptions {
  items: number;
  movements: number;
  /** Share of items that are receipts (the rest are files). */
  receiptShare: number;
  /** Share of items still live in an inbox (receipts `diarised`, files `open`); the rest are closed. */
  live: number;
  /** Zipf exponent of how items spread over holder posts (1: the busiest post holds ~1/4 of them). */
  skew: number;
  /** Where the dropped index definitions are kept until they are recreated. */
  indexFile: string;
  log: (line: string) => void;
}

export interface BenchPost {
  idx: number;
  id: string;
  code: string;
  officeId: string;
  /** A demo user holding the post (regular charge first). */
  userId: string;
  username: string;
  dak: boolean;
  hasHeads: boolean;
}

const sqlArray = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]::text[]`;
const num = (x: number) => {
  if (!Number.isFinite(x)) throw new Error(`not a number: ${x}`);
  return String(x);
};

/** Busiest first: the district's dak desks and the SP's reader see most of the paper. */
const BUSY_FIRST = [
  'PBT-SP-DAK',
  'PBT-SP-READER',
  'PBT-DM-DAK',
  'PBT-SP-SP',
  'PBT-SP-CRIME',
  'PBT-PS-KOTWALI-MUNSHI',
  'PBT-PS-KOTWALI-SHO',
  'PBT-CO-CITY-CO',
];

/** The working posts of the district (not the system administrator, not bench additions), busiest first. */
const POSTS_SQL = `
  select (row_number() over (order by coalesce(array_position(${sqlArray(BUSY_FIRST)}, p.code::text), 1000), p.code) - 1)::int as idx,
    p.id, p.code, p.office_id, o.number_prefix as prefix, 'dak' = any(p.capabilities) as dak,
    exists (select 1 from file_head h where h.office_id = p.office_id and h.active) as has_heads, u.user_id, u.username
  from post p
  join office o on o.id = p.office_id
  cross join lateral (
    select c.user_id, au.username from charge c join app_user au on au.id = c.user_id
    where c.post_id = p.id and c.to_date is null and au.active and au.username not like 'bench.%'
    order by c.type desc, c.from_date limit 1
  ) u
  where p.active and not ('admin' = any(p.capabilities))`;

export async function loadPosts(c: pg.ClientBase): Promise<BenchPost[]> {
  const { rows } = await c.query(POSTS_SQL);
  return rows.map((r) => ({
    idx: r.idx,
    id: r.id,
    code: r.code,
    officeId: r.office_id,
    userId: r.user_id,
    username: r.username,
    dak: r.dak,
    hasHeads: r.has_heads,
  }));
}

const BULK_TABLES = ['receipt', 'efile', 'movement', 'item_access'];

interface IndexDef {
  name: string;
  def: string;
}

/** Recreates indexes a crashed earlier load dropped (their definitions were saved first). */
export async function repairIndexes(c: pg.ClientBase, indexFile: string, log: (line: string) => void): Promise<void> {
  if (!existsSync(indexFile)) return;
  const defs = JSON.parse(await readFile(indexFile, 'utf8')) as IndexDef[];
  for (const d of defs) {
    const { rows } = await c.query('select 1 from pg_class where relname = $1', [d.name]);
    if (rows.length) continue;
    log(`  recreating index ${d.name} (left dropped by an interrupted seed)`);
    await c.query(d.def);
  }
  await rm(indexFile, { force: true });
}

const SUBJECTS = [
  'Complaint regarding land dispute at village',
  'भूमि विवाद के संबंध में प्रार्थना पत्र',
  'Request for police verification of tenant',
  'पासपोर्ट सत्यापन आख्या',
  'Monthly crime review meeting: compliance report',
  'अवैध खनन की शिकायत',
  'Arms licence renewal application',
  'Traffic arrangement for the annual fair',
  'चोरी की घटना के संबंध में जांच आख्या',
  'RTI application: information about FIR status',
  'Leave application of constable',
  'महिला उत्पीड़न की शिकायत पर कार्यवाही',
];
const SENDERS = [
  'Ram Prasad, Village Barkhera',
  'श्याम लाल, ग्राम माधोटांडा',
  'District Magistrate, Pilibhit',
  'IG Bareilly Range',
  'Superintendent of Police, Shahjahanpur',
  'सुनीता देवी, पूरनपुर',
  'Regional Passport Office, Bareilly',
  'Principal, GIC Pilibhit',
  'अध्यक्ष, नगर पालिका परिषद',
  'State Human Rights Commission',
];
const CATEGORIES = ['complaint', 'verification', 'crime', 'law-and-order', 'establishment', 'rti', 'general'];
const REMARKS = [
  'Please examine and put up.',
  'कृपया जांच कर आख्या प्रस्तुत करें।',
  'For necessary action.',
  'आवश्यक कार्यवाही हेतु।',
  'Put up with previous papers.',
  'Discuss.',
  'कृपया अवलोकन करें।',
  'Report within a week.',
];

/**
 * Seeds `items` receipts and files with ~`movements` movements over the district's working posts,
 * item_access rows for every post on each item's path, and moves the diary and file counters past
 * the seeded numbers (so the app keeps numbering gap-free after them). Returns the row counts.
 */
export async function seedInboxData(c: pg.ClientBase, posts: BenchPost[], o: SeedOptions): Promise<Record<string, number>> {
  const n = posts.length;
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const res = await c.query(sql, params);
    o.log(
      `  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s${res.rowCount !== null && res.command !== 'CREATE' && res.command !== 'SELECT' ? ` (${res.rowCount.toLocaleString('en')} rows)` : ''}`,
    );
    return res;
  };
  const meanHops = o.movements / o.items;
  if (meanHops < 1) throw new Error('BENCH_MOVEMENTS must be at least BENCH_ITEMS (every item moved at least once)');
  // hops are uniform on 1..span; a hop that would stay on the same post is skipped (≈1/n of them), so aim a little higher
  const span = Math.max(1, 2 * meanHops * (1 + 1 / n) - 1);
  const ndak = posts.filter((p) => p.dak).length;
  const nheads = posts.filter((p) => p.hasHeads).length;
  if (!ndak || !nheads) throw new Error('the district needs a dak post and an office with file heads');

  await c.query(`set session_replication_role = replica`); // no FK triggers during the load: the rows are consistent by construction (checked below)
  await c.query(`set synchronous_commit = off`);
  await c.query(`set work_mem = '512MB'`);
  await c.query(`set maintenance_work_mem = '1GB'`);
  await c.query(`select setseed(0.20261122)`);

  // a v4-shaped uuid from a text (deterministic, so movements can name their item without a join)
  await c.query(
    `create or replace function pg_temp.buuid(t text) returns uuid language sql immutable as $$ select overlay(overlay(md5(t) placing '4' from 13) placing '8' from 17)::uuid $$`,
  );
  // post index at hop j of item i's path: the creator at 0, the holder at k, pseudo-random in between
  await c.query(`create or replace function pg_temp.hop(i int, j int, k int, creator int, holder int, n int) returns int language sql immutable as $$
    select case when j = 0 then creator when j = k then holder
      when j = k - 1 and ((hashint8extended(i::bigint * 64 + j, 11) & 2147483647) % n)::int = holder then (holder + 1) % n
      else ((hashint8extended(i::bigint * 64 + j, 11) & 2147483647) % n)::int end $$`);

  await c.query(`drop table if exists pg_temp.bp, pg_temp.bi, pg_temp.bh`);
  await c.query(`create temp table bp as ${POSTS_SQL}`);
  await c.query(`alter table bp add column hi float8, add column dak_no int, add column head_no int`);
  await c.query(
    `update bp set hi = s.hi, dak_no = s.dak_no, head_no = s.head_no from (
       select idx, sum(w) over (order by idx) / sum(w) over () as hi,
         case when dak then (count(*) filter (where dak) over (order by idx)) - 1 end as dak_no,
         case when has_heads then (count(*) filter (where has_heads) over (order by idx)) - 1 end as head_no
       from (select idx, dak, has_heads, power(idx + 1, -$1::float8) as w from bp) x) s
     where s.idx = bp.idx`,
    [o.skew],
  );
  await c.query(`update bp set hi = 1.0 where idx = (select max(idx) from bp)`);
  await c.query(
    `create temp table bh as select h.id, h.office_id, h.code, (row_number() over (partition by h.office_id order by h.code) - 1)::int as hidx, (count(*) over (partition by h.office_id))::int as nh from file_head h where h.active`,
  );

  await step(
    'items (plan)',
    `create temp table bi as
     select i, is_receipt, pg_temp.buuid(case when is_receipt then 'bench-r-' else 'bench-f-' end || i) as id, holder, creator, k, created_at, held_since, live,
       live and rs < 0.05 as parked, live and rs >= 0.05 and rs < 0.35 as unread,
       case when rp < 0.05 then 'most_immediate' when rp < 0.20 then 'immediate' else 'normal' end as priority,
       case when rg < 0.02 then 'secret' when rg < 0.10 then 'confidential' else 'normal' end as grading,
       case when rd < 0.4 then (held_since + rd * interval '75 days')::date end as due_date,
       case when not live then held_since + (now() - held_since) * rc end as closed_at
     from (
       select i, is_receipt, live, rs, rp, rg, rd, rc, k, created_at, created_at + (now() - created_at) * (0.1 + 0.9 * rh) as held_since,
         (select bp.idx from bp where r_holder <= bp.hi order by bp.idx limit 1) as holder,
         case when is_receipt then (select bp.idx from bp where bp.dak_no = floor(r_creator * ${num(ndak)})::int)
              else (select bp.idx from bp where bp.head_no = floor(r_creator * ${num(nheads)})::int) end as creator
       from (
         select g as i, random() < ${num(o.receiptShare)} as is_receipt, random() < ${num(o.live)} as live, random() as r_holder, random() as r_creator, random() as rs, random() as rp,
           random() as rg, random() as rd, random() as rc, random() as rh, 1 + floor(random() * ${num(span)})::int as k, now() - random() * interval '365 days' as created_at
         from generate_series(1, ${num(Math.floor(o.items))}) g
       ) r
     ) x`,
  );
  await c.query('analyze bi');

  // plain indexes out for the load (constraints and their indexes stay)
  const { rows: idx } = await c.query<IndexDef>(
    `select ic.relname as name, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
     where t.relname = any($1) and t.relnamespace = 'public'::regnamespace and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    [BULK_TABLES],
  );
  await writeFile(o.indexFile, JSON.stringify(idx));
  for (const d of idx) await c.query(`drop index if exists "${d.name}"`);
  o.log(`  dropped ${idx.length} plain indexes for the load: ${idx.map((d) => d.name).join(', ')}`);

  const year = `extract(year from bi.created_at at time zone 'Asia/Kolkata')::int`;
  await step(
    'receipts',
    `with b as (
       select bi.*, pc.office_id as c_office, pc.prefix as c_prefix, pc.id as c_post, pc.user_id as c_user, ph.id as h_post, ${year} as yr
       from bi join bp pc on pc.idx = bi.creator join bp ph on ph.idx = bi.holder where bi.is_receipt
     ), s as (select b.*, row_number() over (partition by c_office, yr order by created_at, i) as seq from b)
     insert into receipt (id, office_id, status, diary_number, diary_year, diary_seq, received_date, mode, sender, sender_address, sender_mobile, sender_email,
       letter_number, letter_date, subject, category, language, grading, priority, due_date, remarks, page_count, created_by_post_id, created_by_user_id,
       holder_post_id, opened_at, held_since, parked_at, closed_at, filed_in, diarised_at, version, created_at, updated_at)
     select s.id, s.c_office, case when s.live then 'diarised' else 'closed' end,
       s.c_prefix || '/' || s.yr || '/' || lpad((coalesce(dc.last_number, 0) + s.seq)::text, greatest(6, length((coalesce(dc.last_number, 0) + s.seq)::text)), '0'), s.yr, coalesce(dc.last_number, 0) + s.seq,
       (s.created_at at time zone 'Asia/Kolkata')::date, (array['post', 'by_hand', 'email', 'fax', 'courier', 'portal'])[1 + s.i % 6],
       (${sqlArray(SENDERS)})[1 + s.i % ${SENDERS.length}], null, null, null, 'L/' || s.i || '/' || s.yr, (s.created_at - interval '4 days')::date,
       (${sqlArray(SUBJECTS)})[1 + s.i % ${SUBJECTS.length}] || ' (' || s.i || ')', (${sqlArray(CATEGORIES)})[1 + s.i % ${CATEGORIES.length}],
       case when s.i % 3 = 0 then 'en' else 'hi' end, s.grading, s.priority, s.due_date, null, 1 + s.i % 5, s.c_post, s.c_user,
       s.h_post, case when not s.unread then s.held_since + interval '2 hours' end, s.held_since, case when s.parked then s.held_since + interval '1 day' end,
       s.closed_at, null, s.created_at + interval '10 minutes', 1 + s.k, s.created_at, coalesce(s.closed_at, s.held_since)
     from s left join counter dc on dc.series = 'diary' and dc.scope_id = s.c_office and dc.year = s.yr`,
  );
  await step(
    'files',
    `with b as (
       select bi.*, pc.office_id as c_office, pc.prefix as c_prefix, pc.id as c_post, pc.user_id as c_user, ph.id as h_post, ${year} as yr
       from bi join bp pc on pc.idx = bi.creator join bp ph on ph.idx = bi.holder where not bi.is_receipt
     ), bhd as (select b.*, h.id as head_id, h.code as head_code from b join bh h on h.office_id = b.c_office and h.hidx = b.i % h.nh),
     s as (select bhd.*, row_number() over (partition by head_id, yr order by created_at, i) as seq from bhd)
     insert into efile (id, office_id, head_id, kind, parent_id, part_no, year, serial, file_number, subject, category, keywords, grading, priority, due_date,
       status, created_by_post_id, created_by_user_id, holder_post_id, held_since, opened_at, parked_at, closed_at, version, created_at, updated_at)
     select s.id, s.c_office, s.head_id, 'main', null, null, s.yr, coalesce(fc.last_number, 0) + s.seq,
       s.c_prefix || '/' || s.head_code || '/' || (coalesce(fc.last_number, 0) + s.seq) || '/' || s.yr,
       (${sqlArray(SUBJECTS)})[1 + (s.i + 5) % ${SUBJECTS.length}] || ' (' || s.i || ')', (${sqlArray(CATEGORIES)})[1 + s.i % ${CATEGORIES.length}], '{}'::text[],
       s.grading, s.priority, s.due_date, case when s.live then 'open' else 'closed' end, s.c_post, s.c_user, s.h_post, s.held_since,
       case when not s.unread then s.held_since + interval '2 hours' end, case when s.parked then s.held_since + interval '1 day' end, s.closed_at,
       1 + s.k, s.created_at, coalesce(s.closed_at, s.held_since)
     from s left join counter fc on fc.series = 'file' and fc.scope_id = s.head_id and fc.year = s.yr`,
  );
  const hops = `from bi cross join lateral generate_series`;
  await step(
    'movements',
    `insert into movement (id, item_type, item_id, kind, from_post_id, to_post_id, sent_by_id, remarks, priority, due_date, sent_at, opened_at, opened_by_id)
     select pg_temp.buuid('bench-m-' || s.i || '-' || s.j), s.t, s.id, 'send', pf.id, pt.id, pf.user_id,
       case when s.j = s.k then (${sqlArray(REMARKS)})[1 + s.i % ${REMARKS.length}] end, s.priority, s.due_date, s.sent_at,
       case when s.j < s.k then s.sent_at + s.gap * 0.3 when not s.unread then s.held_since + interval '2 hours' end,
       case when s.j < s.k or not s.unread then pt.user_id end
     from (
       select bi.i, j, bi.k, case when bi.is_receipt then 'receipt' else 'file' end as t, bi.id, bi.priority, bi.due_date, bi.unread, bi.held_since,
         bi.created_at + (bi.held_since - bi.created_at) * (j::float8 / bi.k) as sent_at, (bi.held_since - bi.created_at) / bi.k as gap,
         pg_temp.hop(bi.i, j - 1, bi.k, bi.creator, bi.holder, ${n}) as f, pg_temp.hop(bi.i, j, bi.k, bi.creator, bi.holder, ${n}) as tt
       ${hops}(1, bi.k) j
     ) s join bp pf on pf.idx = s.f join bp pt on pt.idx = s.tt
     where s.f <> s.tt`,
  );
  await step(
    'item access (every post on each path)',
    `insert into item_access (item_type, item_id, post_id, read_only, granted_at)
     select s.t, s.id, bp.id, false, min(s.at) from (
       select case when bi.is_receipt then 'receipt' else 'file' end as t, bi.id, pg_temp.hop(bi.i, j, bi.k, bi.creator, bi.holder, ${n}) as p,
         bi.created_at + (bi.held_since - bi.created_at) * (j::float8 / bi.k) as at
       ${hops}(0, bi.k) j
     ) s join bp on bp.idx = s.p group by s.t, s.id, bp.id`,
  );
  for (const d of idx) await step(`index ${d.name}`, d.def);
  await rm(o.indexFile, { force: true });

  await step(
    'diary counters',
    `insert into counter (series, scope_id, year, last_number) select 'diary', office_id, diary_year, max(diary_seq) from receipt where diary_seq is not null group by 2, 3
     on conflict (series, scope_id, year) do update set last_number = greatest(counter.last_number, excluded.last_number)`,
  );
  await step(
    'file counters',
    `insert into counter (series, scope_id, year, last_number) select 'file', head_id, year, max(serial) from efile group by 2, 3
     on conflict (series, scope_id, year) do update set last_number = greatest(counter.last_number, excluded.last_number)`,
  );
  await c.query(`reset session_replication_role`);

  // the load skipped the FK triggers: check what they would have checked
  const {
    rows: [bad],
  } = await c.query(`select
     (select count(*) from movement m where not exists (select 1 from post p where p.id = m.from_post_id) or not exists (select 1 from post p where p.id = m.to_post_id)
        or not exists (select 1 from app_user u where u.id = m.sent_by_id))::int as movement,
     (select count(*) from item_access a where not exists (select 1 from post p where p.id = a.post_id))::int as access,
     (select count(*) from receipt r where not exists (select 1 from post p where p.id = r.holder_post_id) or not exists (select 1 from office o where o.id = r.office_id))::int as receipt,
     (select count(*) from efile f where not exists (select 1 from file_head h where h.id = f.head_id and h.office_id = f.office_id) or not exists (select 1 from post p where p.id = f.holder_post_id))::int as efile`);
  const broken = Object.entries(bad as Record<string, number>).filter(([, v]) => v > 0);
  if (broken.length) throw new Error(`seeded rows break foreign keys: ${JSON.stringify(bad)}`);
  o.log('  foreign keys: every seeded reference resolves');

  await step('vacuum + analyze', `vacuum (analyze) receipt, efile, movement, item_access`);
  await step('analyze (rest)', `analyze`);
  const {
    rows: [counts],
  } = await c.query(`select (select count(*) from receipt)::int as receipts, (select count(*) from efile)::int as files,
     (select count(*) from movement)::int as movements, (select count(*) from item_access)::int as item_access`);
  await c.query(`drop table if exists pg_temp.bp, pg_temp.bi, pg_temp.bh`);
  return counts as Record<string, number>;
}

/** Bench users (password hash copied from a demo user, so the demo password works), each with a regular charge on a post. */
export async function ensureBenchUsers(
  c: pg.ClientBase,
  users: Array<{ username: string; postId: string }>,
  passwordFrom: string,
): Promise<void> {
  const names = users.map((u) => u.username);
  await c.query(
    `insert into app_user (id, username, name_en, name_hi, password_hash, locale, active, version, created_at, updated_at)
     select gen_random_uuid(), w.username, 'Bench ' || w.username, 'बेंच ' || w.username, (select password_hash from app_user where username = $2), 'en', true, 1, now(), now()
     from unnest($1::text[]) w(username) on conflict (username) do nothing`,
    [names, passwordFrom],
  );
  await c.query(
    `insert into charge (id, user_id, post_id, type, from_date, to_date, version, created_at)
     select gen_random_uuid(), u.id, w.post_id, 'regular', current_date - 1, null, 1, now()
     from unnest($1::text[], $2::uuid[]) w(username, post_id) join app_user u on u.username = w.username
     where not exists (select 1 from charge c where c.user_id = u.id)`,
    [names, users.map((u) => u.postId)],
  );
}
