/**
 * Set-based seeding for the public-services benchmark (tests/bench/services.ts), inside PostgreSQL:
 *
 *  - the state around the demo district: BENCH_DISTRICTS − 1 more districts, each with a district office, a
 *    Collectorate (DM, ADM), one tehsil per SDM, an SP office and four police stations; posts up to BENCH_POSTS
 *    in all (the authorities, an SP and SHOs, the rest staff spread over the offices), a user with a
 *    regular charge on every new post (password: the demo password), and each district's gazetteer (district →
 *    tehsils → localities, with the DM, ADM and SDMs serving them), so e-passes route there as in Pilibhit;
 *  - e-pass applications spread over the issuing authorities (every post serving an area as DM, ADM or SDM:
 *    BENCH_AUTHORITIES of them) with a Zipf skew, the SDM Sadar of the demo district first; most decided
 *    (approved, rejected, some approved after a return for correction), a share open, a few returned to the
 *    applicant; their workflow steps, access rows, applicants, and the reference counters moved past the
 *    seeded numbers.
 *
 * The bulk load goes around triggers and foreign-key checks (session_replication_role = replica): the rows
 * are consistent by construction and checked after. Plain indexes of the bulk tables are dropped for the
 * load and recreated from their own definitions (kept in a file first, so a crash is repaired next run).
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import type pg from 'pg';

const num = (x: number) => {
  if (!Number.isFinite(x)) throw new Error(`not a number: ${x}`);
  return String(x);
};
const sqlArray = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]::text[]`;

/** The post whose queue is made the largest (the demo's SDM Sadar: user sdm.sadar). */
export const BUSIEST_POST = 'PBT-TEH-SADAR-SDM';
/** Police stations per added district (each with an SHO). */
const STATIONS = 4;
/** Localities per tehsil in an added district's gazetteer. */
const LOCALITIES = 3;

type Log = (line: string) => void;

async function step(c: pg.ClientBase, log: Log, label: string, sql: string, params: unknown[] = []) {
  const t = performance.now();
  const res = await c.query(sql, params);
  const rows =
    res.rowCount !== null && res.command !== 'CREATE' && res.command !== 'SELECT' ? ` (${res.rowCount.toLocaleString('en')} rows)` : '';
  log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s${rows}`);
  return res;
}

async function functions(c: pg.ClientBase) {
  // a v4-shaped uuid from a text (deterministic: steps and access rows name their application without a join)
  await c.query(
    `create or replace function pg_temp.buuid(t text) returns uuid language sql immutable as $$ select overlay(overlay(md5(t) placing '4' from 13) placing '8' from 17)::uuid $$`,
  );
}

// ------------------------------------------------------------------------------------------ the state

export interface StateOptions {
  districts: number;
  posts: number;
  authorities: number;
  /** A demo user whose password hash the new users get (so the demo password works for them). */
  passwordFrom: string;
  log: Log;
}

/**
 * The other districts of the state (offices, posts, users and charges, gazetteer and who serves it).
 * Idempotent: a database that has them is left alone. Returns what the state then has.
 */
export async function seedState(c: pg.ClientBase, o: StateOptions): Promise<Record<string, number>> {
  const extra = o.districts - 1;
  const {
    rows: [have],
  } = await c.query(`select (select count(*) from office where code = 'D02')::int as seeded, (select count(*) from post)::int as posts,
      (select count(distinct post_id) from area_service where role in ('dm', 'adm', 'sdm'))::int as authorities`);
  if (extra > 0 && !have.seeded) {
    // the added districts' SDMs: what is left of the authorities after the demo's and a DM and an ADM each
    const sdms = o.authorities - have.authorities - 2 * extra;
    if (sdms < extra)
      throw new Error(
        `BENCH_AUTHORITIES=${o.authorities} is too few for ${o.districts} districts (each needs a DM, an ADM and an SDM; the demo district has ${have.authorities})`,
      );
    const fixed = extra * (2 + 1 + STATIONS) + sdms; // DM, ADM, SP, SHOs and the SDMs
    const staff = o.posts - have.posts - fixed;
    if (staff < 0) throw new Error(`BENCH_POSTS=${o.posts} is too few: the districts' officers alone are ${have.posts + fixed}`);
    o.log(`state: ${extra} more districts, ${sdms} SDMs among them, ${staff.toLocaleString('en')} staff posts`);
    await functions(c);
    await c.query(`set session_replication_role = replica`);
    try {
      await c.query('begin');
      await c.query(`drop table if exists pg_temp.sd`);
      await c.query(
        `create temp table sd as select e, 'D' || lpad((e + 1)::text, 2, '0') as code,
           (floor(${num(sdms)}::numeric * e / ${num(extra)}) - floor(${num(sdms)}::numeric * (e - 1) / ${num(extra)}))::int as sdms,
           (floor(${num(staff)}::numeric * e / ${num(extra)}) - floor(${num(staff)}::numeric * (e - 1) / ${num(extra)}))::int as staff
         from generate_series(1, ${num(extra)}) e`,
      );
      const office = (code: string) => `pg_temp.buuid('bench-office-' || ${code})`;
      await step(
        c,
        o.log,
        'offices',
        `
        insert into office (id, code, name_en, name_hi, kind, number_prefix, parent_id, version, created_at, updated_at)
        select ${office('x.code')}, x.code, x.name_en, x.name_hi, x.kind, x.prefix, case when x.parent is null then null else ${office('x.parent')} end, 1, now(), now()
        from (
          select code, 'District ' || code as name_en, 'जनपद ' || code as name_hi, 'district' as kind, code as prefix, null as parent from sd
          union all select code || '-DM', 'Collectorate (Office of the District Magistrate), ' || code, 'कलेक्ट्रेट, ' || code, 'dm_office', code || '/DM', code from sd
          union all select code || '-SP', 'Office of the Superintendent of Police, ' || code, 'पुलिस अधीक्षक कार्यालय, ' || code, 'sp_office', code || '/SP', code from sd
          union all select code || '-TEH-' || k, 'Tehsil ' || k || ', ' || code || ' (Office of the SDM)', 'तहसील ' || k || ', ' || code, 'tehsil', code || '/TEH-' || k, code || '-DM'
            from sd cross join lateral generate_series(1, sd.sdms) k
          union all select code || '-PS-' || k, 'Police Station ' || k || ', ' || code, 'थाना ' || k || ', ' || code, 'police_station', code || '/PS-' || k, code || '-SP'
            from sd cross join lateral generate_series(1, ${STATIONS}) k
        ) x`,
      );
      const post = (code: string) => `pg_temp.buuid('bench-post-' || ${code})`;
      await step(
        c,
        o.log,
        'posts',
        `
        insert into post (id, code, designation_en, designation_hi, office_id, section_id, capabilities, active, version, created_at, updated_at)
        select ${post('x.code')}, x.code, x.en, x.hi, ${office('x.office')}, null, x.caps, true, 1, now(), now()
        from (
          select code || '-DM-DM' as code, 'District Magistrate, ' || code as en, 'जिलाधिकारी, ' || code as hi, code || '-DM' as office, '{noting,supervision}'::text[] as caps from sd
          union all select code || '-DM-ADM', 'Additional District Magistrate, ' || code, 'अपर जिलाधिकारी, ' || code, code || '-DM', '{noting,supervision}' from sd
          union all select code || '-SP-SP', 'Superintendent of Police, ' || code, 'पुलिस अधीक्षक, ' || code, code || '-SP', '{noting,supervision}' from sd
          union all select code || '-TEH-' || k || '-SDM', 'Sub-Divisional Magistrate, Tehsil ' || k || ', ' || code, 'उपजिलाधिकारी, तहसील ' || k || ', ' || code, code || '-TEH-' || k, '{noting,supervision}'
            from sd cross join lateral generate_series(1, sd.sdms) k
          union all select code || '-PS-' || k || '-SHO', 'Station House Officer, PS ' || k || ', ' || code, 'थानाध्यक्ष, थाना ' || k || ', ' || code, code || '-PS-' || k, '{noting,supervision}'
            from sd cross join lateral generate_series(1, ${STATIONS}) k
          -- the staff, round the district's offices: Collectorate, SP office, tehsils, stations
          union all select code || '-P' || lpad(n::text, 4, '0'), 'Assistant ' || n || ', ' || code, 'सहायक ' || n || ', ' || code,
              case when m = 0 then code || '-DM' when m = 1 then code || '-SP' when m < 2 + sdms then code || '-TEH-' || (m - 1) else code || '-PS-' || (m - 1 - sdms) end,
              case when n % 5 = 0 then '{dak}'::text[] else '{noting}'::text[] end
            from (select sd.*, n, (n - 1) % (2 + sdms + ${STATIONS}) as m from sd cross join lateral generate_series(1, sd.staff) n) s
        ) x`,
      );
      await step(
        c,
        o.log,
        'users (one per new post)',
        `
        insert into app_user (id, username, name_en, name_hi, password_hash, mobile, email, locale, active, version, created_at, updated_at)
        select pg_temp.buuid('bench-user-' || p.code), lower(p.code), 'Officer ' || p.code, 'अधिकारी ' || p.code, (select password_hash from app_user where username = $1),
          null, null, case when hashtext(p.code) % 3 = 0 then 'en' else 'hi' end, true, 1, now(), now()
        from post p where p.id = ${post('p.code')}`,
        [o.passwordFrom],
      );
      await step(
        c,
        o.log,
        'charges',
        `
        insert into charge (id, user_id, post_id, type, from_date, to_date, version, created_at)
        select pg_temp.buuid('bench-charge-' || p.code), pg_temp.buuid('bench-user-' || p.code), p.id, 'regular', current_date - 30, null, 1, now()
        from post p where p.id = ${post('p.code')}`,
      );
      const area = (code: string) => `pg_temp.buuid('bench-area-' || ${code})`;
      await step(
        c,
        o.log,
        'gazetteer (district → tehsils → localities)',
        `
        insert into area (id, code, kind, name_en, name_hi, parent_id, police_area_id, state, pins, version, created_at, updated_at)
        select ${area('x.code')}, x.code, x.kind, x.en, x.hi, case when x.parent is null then null else ${area('x.parent')} end, null, x.state, '{}', 1, now(), now()
        from (
          select code, 'district' as kind, 'District ' || code as en, 'जनपद ' || code as hi, null as parent, 'UP' as state from sd
          union all select code || '-T' || k, 'tehsil', 'Tehsil ' || k || ', ' || code, 'तहसील ' || k || ', ' || code, code, null from sd cross join lateral generate_series(1, sd.sdms) k
          union all select code || '-L' || k || '-' || l, 'locality', 'Locality ' || l || ', tehsil ' || k || ', ' || code, 'ग्राम ' || l || ', तहसील ' || k || ', ' || code, code || '-T' || k, null
            from sd cross join lateral generate_series(1, sd.sdms) k cross join generate_series(1, ${LOCALITIES}) l
        ) x`,
      );
      await step(
        c,
        o.log,
        'who serves the areas (DM, ADM, SDMs)',
        `
        insert into area_service (id, area_id, role, office_id, post_id, version, created_at, updated_at)
        select pg_temp.buuid('bench-serves-' || x.area || '-' || x.role), ${area('x.area')}, x.role, ${office('x.office')}, ${post('x.post')}, 1, now(), now()
        from (
          select code as area, 'dm' as role, code || '-DM' as office, code || '-DM-DM' as post from sd
          union all select code, 'adm', code || '-DM', code || '-DM-ADM' from sd
          union all select code || '-T' || k, 'sdm', code || '-TEH-' || k, code || '-TEH-' || k || '-SDM' from sd cross join lateral generate_series(1, sd.sdms) k
        ) x`,
      );
      await c.query('commit');
    } catch (err) {
      await c.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      await c.query(`reset session_replication_role`);
    }
    await c.query(`analyze office; analyze post; analyze app_user; analyze charge; analyze area; analyze area_service`);
  } else if (extra > 0) o.log('state: the other districts are there already');
  const {
    rows: [now],
  } =
    await c.query(`select (select count(*) from office where kind = 'district')::int as districts, (select count(*) from office)::int as offices,
      (select count(*) from post)::int as posts, (select count(distinct post_id) from area_service where role in ('dm', 'adm', 'sdm'))::int as authorities,
      (select count(*) from app_user)::int as users, (select count(*) from area where kind = 'locality')::int as localities`);
  return now as Record<string, number>;
}

// ------------------------------------------------------------------------------------------ applications

export interface ApplicationOptions {
  applications: number;
  /** Zipf exponent of how applications spread over the authorities (1: the busiest gets ~1/6.6 of 425). */
  skew: number;
  /** Share of applications open with their authority (the rest decided, but `returned`). */
  open: number;
  /** Open applications the busiest authority holds at least (its queue). */
  queue: number;
  indexFile: string;
  log: Log;
}

const BULK_TABLES = ['application', 'application_step', 'item_access', 'applicant'];
interface IndexDef {
  name: string;
  def: string;
}

/** Recreates indexes an interrupted load left dropped (their definitions were saved first). */
export async function repairIndexes(c: pg.ClientBase, indexFile: string, log: Log): Promise<void> {
  if (!existsSync(indexFile)) return;
  for (const d of JSON.parse(await readFile(indexFile, 'utf8')) as IndexDef[]) {
    if ((await c.query('select 1 from pg_class where relname = $1', [d.name])).rows.length) continue;
    log(`  recreating index ${d.name} (left dropped by an interrupted seed)`);
    await c.query(d.def);
  }
  await rm(indexFile, { force: true });
}

const NAMES = [
  'रमेश कुमार',
  'Sunita Devi',
  'मोहम्मद आरिफ़',
  'Anil Verma',
  'गीता यादव',
  'Rajesh Gupta',
  'सलमा ख़ातून',
  'Pradeep Singh',
  'कमला देवी',
  'Imran Ahmad',
  'पूजा शर्मा',
  'Vikas Mishra',
];
const CATEGORIES = [
  'medical',
  'marriage',
  'funeral',
  'govtDuty',
  'healthWorker',
  'media',
  'banking',
  'telecom',
  'power',
  'water',
  'food',
  'dairy',
  'pharmacy',
  'fuel',
  'agriculture',
  'industry',
  'construction',
  'goods',
  'sanitation',
  'security',
  'courier',
  'stranded',
];
const LINES = ['मकान नं. 12', 'House 4, Main Road', 'वार्ड 7, मोहल्ला पश्चिमी', 'Near the Shiv temple', 'गली नं. 3', 'Block B, Civil Lines'];
const RETURN_REMARKS = ['चिकित्सक का पर्चा संलग्न करें।', 'Attach the wedding card.', 'पहचान पत्र स्पष्ट नहीं है।', 'Give the vehicle number.'];
const REJECT_REMARKS = [
  'यात्रा का प्रयोजन आवश्यक सेवा में नहीं आता।',
  'The documents do not support the purpose.',
  'विवरण दस्तावेज़ों से मेल नहीं खाते।',
  'Duplicate of an approved pass.',
];

/**
 * E-pass applications over the authorities, with their steps, access rows and applicants; the reference
 * counters moved past the seeded numbers (so the app keeps numbering after them). Returns the row counts.
 */
export async function seedApplications(c: pg.ClientBase, o: ApplicationOptions): Promise<Record<string, number>> {
  const n = Math.floor(o.applications);
  const applicants = Math.max(1000, Math.ceil(n / 3));
  await functions(c);
  const {
    rows: [partial],
  } = await c.query(`select exists (select 1 from application where id = pg_temp.buuid('bench-appln-1')) as seeded`);
  if (partial.seeded) throw new Error('this database holds applications of an interrupted seed: remove BENCH_DIR and run again');
  await c.query(`set session_replication_role = replica`); // no triggers (pendency is rebuilt after) nor FK checks (checked below)
  await c.query(`set synchronous_commit = off`);
  await c.query(`set work_mem = '512MB'`);
  await c.query(`set maintenance_work_mem = '1GB'`);
  await c.query(`select setseed(0.20261207)`);
  try {
    const {
      rows: [svc],
    } = await c.query(
      `select s.id as service_id, v.id as version_id from service s join service_version v on v.service_id = s.id and v.status = 'live' where s.code = 'EPASS'`,
    );
    if (!svc) throw new Error('the EPASS service has no live version (is the demo seeded?)');

    // the authorities, busiest first: every post serving an area as DM, ADM or SDM; its user; the localities it serves
    await c.query(`drop table if exists pg_temp.ba, pg_temp.bapp`);
    await c.query(`
      create temp table ba as
      select (row_number() over (order by case when p.code = '${BUSIEST_POST}' then 0 when p.code like 'PBT-%' then 1 else 2 end, md5(p.code)) - 1)::int as idx,
        p.id as post_id, p.code, s.role, s.office_id, o.number_prefix as prefix, o.id as off_id,
        (select c.user_id from charge c where c.post_id = p.id and c.to_date is null order by c.type desc, c.from_date limit 1) as user_id,
        case when s.role = 'sdm' then (select array_agg(l.id order by l.code) from area l where l.parent_id = s.area_id and l.kind = 'locality')
             else (select array_agg(l.id order by l.code) from area l join area t on t.id = l.parent_id where t.parent_id = s.area_id and l.kind = 'locality') end as localities
      from area_service s join post p on p.id = s.post_id join office o on o.id = s.office_id
      where s.role in ('dm', 'adm', 'sdm')`);
    const {
      rows: [auth],
    } = await c.query(`select count(*)::int as n, count(*) filter (where localities is null or user_id is null)::int as bad from ba`);
    if (auth.bad) throw new Error(`${auth.bad} authorities have no localities or no officer`);
    // Zipf weights → how many each gets (cumulative floors add up to exactly n); the busiest one's open queue
    await c.query(`alter table ba add column n int, add column open_n int`);
    await c.query(`
      update ba set n = s.n from (
        select idx, (floor(${num(n)} * sum(w) over (order by idx) / sum(w) over ()) - floor(${num(n)} * (sum(w) over (order by idx) - w) / sum(w) over ()))::int as n
        from (select idx, power(idx + 1, -${num(o.skew)}::float8) as w from ba) x) s
      where s.idx = ba.idx`);
    await c.query(
      `update ba set open_n = case when idx = 0 then least(n, greatest(${num(Math.floor(o.queue))}, round(n * ${num(o.open)})::int)) end`,
    );
    await c.query('analyze ba');
    const { rows: top } = await c.query(`select code, n, open_n from ba order by idx limit 3`);
    o.log(
      `  ${auth.n} authorities; busiest ${top.map((t) => `${t.code} ${t.n.toLocaleString('en')}`).join(', ')} (the first with ${top[0].open_n.toLocaleString('en')} open)`,
    );

    // the plan: one row per application — its authority, fate, times, applicant, route
    // (random() stays in the target list of the per-row query: in an uncorrelated subquery it could be evaluated once)
    await step(
      c,
      o.log,
      'applications (plan)',
      `
      create temp table bapp as
      select i, idx, post_id, user_id, off_id, prefix, role, localities, kind, applicant, created_at, created_at + g1 as t1, created_at + g1 + g2 as t2, created_at + g1 + g2 + g3 as t3,
        (created_at at time zone 'Asia/Kolkata')::date + travel_in as travel_date, pg_temp.buuid('bench-appln-' || i) as id
      from (
        select y.*, 1 + (abs(hashint8extended(i, 7)) % ${num(applicants)})::int as applicant,
          -- open ones filed in the last 6 days (some overdue), returned ones in the last 20, the rest over a year
          case kind when 'open' then now() - rc * interval '6 days' when 'returned' then now() - interval '1 day' - rc * interval '19 days'
            else now() - interval '3 days' - rc * interval '362 days' end as created_at
        from (
          select x.*, case when idx = 0 and j <= open_n then 'open' when idx = 0 then closed when r < ${num(o.open)} then 'open' when r < ${num(o.open)} + 0.01 then 'returned' else closed end as kind
          from (
            select a.idx, a.post_id, a.user_id, a.off_id, a.prefix, a.role, a.localities, a.open_n, j, row_number() over (order by a.idx, j) as i,
              random() as r, case when random() < 0.80 then 'approved' when random() < 0.6 then 'rejected' else 'resubmitted' end as closed, random() as rc,
              -- the later steps' times: the decision (or the return, the resubmission and the decision)
              random() * interval '30 hours' as g1, random() * interval '24 hours' as g2, random() * interval '12 hours' as g3, floor(random() * 4)::int as travel_in
            from ba a cross join lateral generate_series(1, a.n) j
          ) x
        ) y
      ) z`,
    );
    await c.query('analyze bapp');

    // plain indexes out for the load (constraints and their indexes stay)
    const { rows: idx } = await c.query<IndexDef>(
      `select ic.relname as name, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
       where t.relname = any($1) and t.relnamespace = 'public'::regnamespace and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
      [BULK_TABLES],
    );
    await writeFile(o.indexFile, JSON.stringify(idx));
    for (const d of idx) await c.query(`drop index if exists "${d.name}"`);
    o.log(`  dropped ${idx.length} plain indexes for the load: ${idx.map((d) => d.name).join(', ')}`);

    await step(
      c,
      o.log,
      `applicants (${applicants.toLocaleString('en')})`,
      `
      insert into applicant (id, mobile, name, locale, created_at, last_sign_in_at)
      select pg_temp.buuid('bench-applicant-' || j), '7' || lpad(j::text, 9, '0'), (${sqlArray(NAMES)})[1 + j % ${NAMES.length}],
        case when j % 3 = 0 then 'en' else 'hi' end, now() - interval '400 days', now() - (j % 365) * interval '1 day'
      from generate_series(1, ${num(applicants)}) j
      on conflict (mobile) do nothing`,
    );

    const year = `extract(year from b.created_at at time zone 'Asia/Kolkata')::int`;
    // decided at: t1, or t3 after a return and resubmission; never in the future
    const decided = `least(case when b.kind = 'resubmitted' then b.t3 else b.t1 end, now() - interval '1 minute')`;
    const validFrom = `greatest(b.travel_date, (${decided} at time zone 'Asia/Kolkata')::date)`;
    await step(
      c,
      o.log,
      'applications',
      `
      with s as (
        select b.*, ${year} as yr, row_number() over (partition by b.off_id, ${year} order by b.created_at, b.i) as seq from bapp b
      ), b as (
        select s.*, coalesce(ct.last_number, 0) + s.seq as serial, '7' || lpad(s.applicant::text, 9, '0') as mobile, (${sqlArray(NAMES)})[1 + s.applicant % ${NAMES.length}] as name,
          s.localities[1 + s.i % array_length(s.localities, 1)] as origin,
          s.localities[1 + (s.i + 1) % array_length(s.localities, 1)] as near
        from s left join counter ct on ct.series = 'application' and ct.scope_id = md5('application:' || '${svc.service_id}' || ':' || s.off_id)::uuid and ct.year = s.yr
      )
      insert into application (id, reference_number, service_id, service_version_id, office_id, subject, category, grading, priority, due_date, status, stage, channel,
        applicant_id, applicant_name, applicant_mobile, applicant_locale, filed_by_post_id, filed_by_user_id, data, area_id, origin_post_id, created_by_post_id,
        holder_post_id, held_since, opened_at, parked_at, closed_at, clock_left, valid_from, valid_until, rating, feedback, version, created_at, updated_at)
      select b.id, 'EPASS/' || b.prefix || '/' || b.yr || '/' || lpad(b.serial::text, greatest(6, length(b.serial::text)), '0'), '${svc.service_id}', '${svc.version_id}', b.off_id,
        'आवागमन ई-पास / Movement e-pass — ' || b.name, 'EPASS', 'normal', 'normal',
        case when b.kind = 'open' then pendency_add_days(b.off_id, (b.created_at at time zone 'Asia/Kolkata')::date, 1, 'working') end,
        case b.kind when 'open' then 'open' when 'returned' then 'with_applicant' else 'closed' end,
        case b.kind when 'open' then 'submitted' when 'returned' then 'returned' when 'rejected' then 'rejected' else 'approved' end, 'citizen',
        pg_temp.buuid('bench-applicant-' || b.applicant), b.name, b.mobile, case when b.applicant % 3 = 0 then 'en' else 'hi' end, null, null,
        jsonb_strip_nulls(jsonb_build_object(
          'name', b.name, 'mobile', b.mobile, 'category', (${sqlArray(CATEGORIES)})[1 + b.i % ${CATEGORIES.length}],
          'from', jsonb_build_object('areaId', b.origin, 'line', (${sqlArray(LINES)})[1 + b.i % ${LINES.length}]),
          'to', case b.role when 'sdm' then jsonb_build_object('areaId', b.near, 'line', (${sqlArray(LINES)})[1 + (b.i + 2) % ${LINES.length}])
                            when 'adm' then jsonb_build_object('line', 'Civil Lines', 'district', 'Bareilly', 'state', 'UP')
                            else jsonb_build_object('line', 'Karol Bagh', 'district', 'New Delhi', 'state', 'DL') end,
          'travelDate', b.travel_date::text,
          'vehicle', case when b.i % 10 < 7 then 'UP' || lpad((b.i % 90 + 10)::text, 2, '0') || chr((65 + b.i % 26)::int) || chr((65 + (b.i / 26) % 26)::int) || lpad((b.i % 9999 + 1)::text, 4, '0') end,
          'persons', 1 + b.i % 4, 'idProof', jsonb_build_object('kind', 'aadhaar', 'number', 'XXXXXXXX' || lpad((b.i % 10000)::text, 4, '0')))),
        b.origin, b.post_id, b.post_id, b.post_id,
        case when b.kind = 'resubmitted' then least(b.t2, now() - interval '2 minutes') else b.created_at end,
        case when b.kind <> 'open' or b.i % 2 = 0 then least(b.created_at + interval '1 hour', now()) end, null,
        case when b.kind in ('approved', 'rejected', 'resubmitted') then ${decided} end,
        case when b.kind = 'returned' then (b.i % 2) end,
        case when b.kind in ('approved', 'resubmitted') then ${validFrom} end, case when b.kind in ('approved', 'resubmitted') then ${validFrom} end,
        null, null, case b.kind when 'open' then 1 when 'resubmitted' then 4 else 2 end, b.created_at,
        case b.kind when 'open' then b.created_at when 'returned' then least(b.t1, now() - interval '3 minutes') else ${decided} end
      from b`,
    );
    const by = `b.post_id, b.user_id, false, b.post_id`;
    await step(
      c,
      o.log,
      'steps: filing',
      `
      insert into application_step (id, application_id, seq, action, from_stage, to_stage, by_post_id, by_user_id, by_applicant, holder_post_id, reason, remarks, report, at)
      select pg_temp.buuid('bench-step-' || b.i || '-1'), b.id, 1, 'submit', null, 'submitted', null, null, true, b.post_id, null, null, null, b.created_at from bapp b`,
    );
    await step(
      c,
      o.log,
      'steps: returns for correction',
      `
      insert into application_step (id, application_id, seq, action, from_stage, to_stage, by_post_id, by_user_id, by_applicant, holder_post_id, reason, remarks, report, at)
      select pg_temp.buuid('bench-step-' || b.i || '-2'), b.id, 2, 'returnForCorrection', 'submitted', 'returned', ${by}, null,
        (${sqlArray(RETURN_REMARKS)})[1 + b.i % ${RETURN_REMARKS.length}], null, least(b.t1, now() - interval '3 minutes')
      from bapp b where b.kind in ('returned', 'resubmitted')`,
    );
    await step(
      c,
      o.log,
      'steps: resubmissions',
      `
      insert into application_step (id, application_id, seq, action, from_stage, to_stage, by_post_id, by_user_id, by_applicant, holder_post_id, reason, remarks, report, at)
      select pg_temp.buuid('bench-step-' || b.i || '-3'), b.id, 3, 'resubmit', 'returned', 'submitted', null, null, true, b.post_id, null, null, null, least(b.t2, now() - interval '2 minutes')
      from bapp b where b.kind = 'resubmitted'`,
    );
    await step(
      c,
      o.log,
      'steps: decisions',
      `
      insert into application_step (id, application_id, seq, action, from_stage, to_stage, by_post_id, by_user_id, by_applicant, holder_post_id, reason, remarks, report, at)
      select pg_temp.buuid('bench-step-' || b.i || '-d'), b.id, case when b.kind = 'resubmitted' then 4 else 2 end,
        case when b.kind = 'rejected' then 'reject' else 'approve' end, 'submitted', case when b.kind = 'rejected' then 'rejected' else 'approved' end, ${by},
        case when b.kind = 'rejected' then (array['incomplete', 'notEssential', 'mismatch', 'other'])[1 + b.i % 4] end,
        case when b.kind = 'rejected' then (${sqlArray(REJECT_REMARKS)})[1 + b.i % ${REJECT_REMARKS.length}] end, null, ${decided}
      from bapp b where b.kind in ('approved', 'rejected', 'resubmitted')`,
    );
    await step(
      c,
      o.log,
      'item access (the authority)',
      `
      insert into item_access (item_type, item_id, post_id, read_only, granted_at) select 'appln', b.id, b.post_id, false, b.created_at from bapp b`,
    );
    for (const d of idx) await step(c, o.log, `index ${d.name}`, d.def);
    await rm(o.indexFile, { force: true });

    await step(
      c,
      o.log,
      'reference counters',
      `
      insert into counter (series, scope_id, year, last_number)
      select 'application', md5('application:' || a.service_id || ':' || a.office_id)::uuid, split_part(a.reference_number, '/', array_length(string_to_array(a.reference_number, '/'), 1) - 1)::int,
        max(split_part(a.reference_number, '/', array_length(string_to_array(a.reference_number, '/'), 1))::int)
      from application a where a.id in (select id from bapp) group by 2, 3
      on conflict (series, scope_id, year) do update set last_number = greatest(counter.last_number, excluded.last_number)`,
    );
  } finally {
    await c.query(`reset session_replication_role`);
  }

  // the load skipped the FK triggers: check what they would have checked
  const {
    rows: [bad],
  } = await c.query(`select
     (select count(*) from bapp b where not exists (select 1 from application a where a.id = b.id))::int as missing,
     (select count(*) from application a where not exists (select 1 from post p where p.id = a.holder_post_id) or not exists (select 1 from office o where o.id = a.office_id)
        or (a.applicant_id is not null and not exists (select 1 from applicant x where x.id = a.applicant_id)))::int as application,
     (select count(*) from application_step s where not exists (select 1 from application a where a.id = s.application_id)
        or (s.by_user_id is not null and not exists (select 1 from app_user u where u.id = s.by_user_id)))::int as steps`);
  const broken = Object.entries(bad as Record<string, number>).filter(([, v]) => v > 0);
  if (broken.length) throw new Error(`seeded rows break foreign keys: ${JSON.stringify(bad)}`);
  o.log('  foreign keys: every seeded reference resolves');
  await step(c, o.log, 'vacuum + analyze', `vacuum (analyze) application, application_step, item_access, applicant, counter`);
  const {
    rows: [counts],
  } =
    await c.query(`select (select count(*) from application)::int as applications, (select count(*) from application where status = 'open')::int as open,
     (select count(*) from application where status = 'with_applicant')::int as returned, (select count(*) from application_step)::int as steps,
     (select count(*) from item_access where item_type = 'appln')::int as access, (select count(*) from applicant)::int as applicants`);
  await c.query(`drop table if exists pg_temp.ba, pg_temp.bapp`);
  return counts as Record<string, number>;
}

/**
 * Pendency's history of the applications (what the triggers log when an application becomes or stops being
 * pending with its authority: filed and resubmitted — received; returned, approved, rejected — disposed),
 * from their steps; run after rebuildPendency, whose history covers receipts and files only.
 */
export async function seedApplicationHistory(c: pg.ClientBase, log: Log): Promise<void> {
  await c.query(`set session_replication_role = replica`);
  try {
    await step(
      c,
      log,
      'pendency history of the applications',
      `
      insert into pendency_event (at, item_type, item_id, kind, origin_office_id, post_id)
      select s.at, 'appln', s.application_id, case when s.action in ('submit', 'resubmit') then 'received' else 'disposed' end, a.office_id, s.holder_post_id
      from application_step s join application a on a.id = s.application_id
      where s.action in ('submit', 'resubmit') or s.to_stage in ('returned', 'approved', 'rejected')`,
    );
  } finally {
    await c.query(`reset session_replication_role`);
  }
  await step(c, log, 'vacuum + analyze', `vacuum (analyze) pendency_event, pendency_item`);
}
