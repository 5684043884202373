/**
 * Set-based seeding for the RTS dashboard benchmark (tests/bench/rts.ts), inside PostgreSQL, of a state of
 * Uttarakhand's size:
 *
 *  - 13 districts (Uttarakhand's, weighted by population), each with a Collectorate (DM, ADM) and six tehsils
 *    (SDM, tehsildar, naib tehsildar), an SP office with three circles and twelve police stations, thirty
 *    department offices (a head and three designated officers each) and a CSC; staff posts up to BENCH_POSTS
 *    in all; a user for each district's DM and SP;
 *  - BENCH_SERVICES services (a copy of the e-pass definition each, with its own code, name and timeline of
 *    1–30 working days), each delivered at one level — a department office, a tehsil, a police station or the
 *    Collectorate — by one designated post there; how often each is applied for follows a Zipf law;
 *  - BENCH_APPLICATIONS applications over BENCH_YEARS years (more in recent years), in the districts by
 *    population; processing days drawn from an exponential law scaled to each service's timeline (about one
 *    in eleven late), those that would end after now still pending (some returned to the applicant), ratings
 *    on a fifth of the disposals and comments on a quarter of those;
 *  - appeals on a share of the late and overdue ones — most decided at the First Appellate Authority, some
 *    escalated to the Second and the Commission — with their steps, penalties and compensation.
 *
 * Random draws use setseed(BENCH_SEED). The load goes around triggers and foreign-key checks
 * (session_replication_role = replica); the RTS tallies are then rebuilt in one pass (rts_tally_rebuild(),
 * the migration's own backfill), timed. Plain indexes of application are dropped for the load and recreated
 * from their own definitions (kept in a file first, so a crash is repaired on the next run).
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import type pg from 'pg';

type Log = (line: string) => void;
const num = (x: number) => {
  if (!Number.isFinite(x)) throw new Error(`not a number: ${x}`);
  return String(x);
};
const sqlArray = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]::text[]`;

export const DISTRICTS: Array<[string, string, number]> = [
  ['Dehradun', 'देहरादून', 17],
  ['Haridwar', 'हरिद्वार', 19],
  ['Udham Singh Nagar', 'ऊधम सिंह नगर', 16],
  ['Nainital', 'नैनीताल', 10],
  ['Almora', 'अल्मोड़ा', 6],
  ['Pauri Garhwal', 'पौड़ी गढ़वाल', 7],
  ['Tehri Garhwal', 'टिहरी गढ़वाल', 6],
  ['Pithoragarh', 'पिथौरागढ़', 5],
  ['Chamoli', 'चमोली', 4],
  ['Uttarkashi', 'उत्तरकाशी', 3.3],
  ['Bageshwar', 'बागेश्वर', 2.6],
  ['Champawat', 'चम्पावत', 2.6],
  ['Rudraprayag', 'रुद्रप्रयाग', 2.4],
];
const TEHSILS = 6;
const CIRCLES = 3;
const STATIONS = 12;
const DEPTS = 30;
const COMMENTS = [
  'समय पर काम हो गया, धन्यवाद।',
  'Quick and polite staff.',
  'बहुत देर हुई, तीन बार चक्कर लगाने पड़े।',
  'Took too long; nobody answered the phone.',
  'ऑनलाइन आवेदन आसान था।',
  'Certificate had a spelling mistake.',
];

async function step(c: pg.ClientBase, log: Log, label: string, sql: string, params: unknown[] = []) {
  const t = performance.now();
  const res = await c.query(sql, params);
  const rows =
    res.rowCount !== null && res.command !== 'CREATE' && res.command !== 'SELECT' ? ` (${res.rowCount.toLocaleString('en')} rows)` : '';
  log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s${rows}`);
  return res;
}

async function functions(c: pg.ClientBase) {
  await c.query(
    `create or replace function pg_temp.buuid(t text) returns uuid language sql immutable as $$ select overlay(overlay(md5(t) placing '4' from 13) placing '8' from 17)::uuid $$`,
  );
}

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

export interface SeedOptions {
  posts: number;
  services: number;
  applications: number;
  years: number;
  /** setseed() argument, in [-1, 1]. */
  seed: number;
  indexFile: string;
  /** A demo user whose password hash the bench users get. */
  passwordFrom: string;
  log: Log;
}

/** The state, its services, applications and appeals; returns row counts. */
export async function seedRts(c: pg.ClientBase, o: SeedOptions): Promise<Record<string, number>> {
  await functions(c);
  if ((await c.query(`select 1 from office where code = 'UK01'`)).rows.length)
    throw new Error('this database is seeded already (or half-seeded): use a new BENCH_DIR');
  await c.query(`set session_replication_role = replica`);
  await c.query(`set synchronous_commit = off`);
  await c.query(`set work_mem = '256MB'`);
  await c.query(`set maintenance_work_mem = '1GB'`);
  await c.query(`select setseed($1)`, [o.seed]);
  const office = (code: string) => `pg_temp.buuid('rts-office-' || ${code})`;
  const post = (code: string) => `pg_temp.buuid('rts-post-' || ${code})`;
  try {
    // ------------------------------------------------------------------ the state
    await c.query('begin');
    await c.query(`drop table if exists pg_temp.bd`);
    await c.query(
      `create temp table bd as select d, 'UK' || lpad(d::text, 2, '0') as code, x.en, x.hi, x.w
       from unnest(${sqlArray(DISTRICTS.map((d) => d[0]))}, ${sqlArray(DISTRICTS.map((d) => d[1]))}, ${sqlArray(DISTRICTS.map((d) => String(d[2])))}) with ordinality as x(en, hi, w, d)`,
    );
    await step(
      c,
      o.log,
      'offices',
      `insert into office (id, code, name_en, name_hi, kind, number_prefix, parent_id, version, created_at, updated_at)
      select ${office('x.code')}, x.code, x.en, x.hi, x.kind, x.code, case when x.parent is null then null else ${office('x.parent')} end, 1, now(), now()
      from (
        select code, 'District ' || en as en, 'जनपद ' || hi as hi, 'district' as kind, null as parent from bd
        union all select code || '-DM', 'Collectorate, ' || en, 'कलेक्ट्रेट, ' || hi, 'dm_office', code from bd
        union all select code || '-SP', 'Office of the SP, ' || en, 'पुलिस अधीक्षक कार्यालय, ' || hi, 'sp_office', code from bd
        union all select code || '-CSC', 'Common Service Centre, ' || en, 'जन सेवा केंद्र, ' || hi, 'csc', code from bd
        union all select code || '-TEH' || k, 'Tehsil ' || k || ', ' || en, 'तहसील ' || k || ', ' || hi, 'tehsil', code || '-DM' from bd, generate_series(1, ${TEHSILS}) k
        union all select code || '-CO' || k, 'Circle Office ' || k || ', ' || en, 'क्षेत्राधिकारी कार्यालय ' || k || ', ' || hi, 'circle_office', code || '-SP' from bd, generate_series(1, ${CIRCLES}) k
        union all select code || '-PS' || k, 'Police Station ' || k || ', ' || en, 'थाना ' || k || ', ' || hi, 'police_station', code || '-CO' || (1 + (k - 1) % ${CIRCLES}) from bd, generate_series(1, ${STATIONS}) k
        union all select code || '-DEPT' || k, 'Department ' || k || ' (district office), ' || en, 'विभाग ' || k || ' (जनपद कार्यालय), ' || hi, 'other', code from bd, generate_series(1, ${DEPTS}) k
      ) x`,
    );
    const {
      rows: [have],
    } = await c.query(`select count(*)::int as n from post`);
    const officers = DISTRICTS.length * (2 + TEHSILS * 3 + 1 + CIRCLES + STATIONS + DEPTS * 4 + 1);
    const staff = o.posts - have.n - officers;
    if (staff < 0) throw new Error(`BENCH_POSTS=${o.posts} is too few: the officers alone are ${have.n + officers}`);
    const perDistrict = Math.floor(staff / DISTRICTS.length);
    const offices = 3 + TEHSILS + CIRCLES + STATIONS + DEPTS; // DM, SP, CSC and the rest: where staff sit
    await step(
      c,
      o.log,
      'posts',
      `insert into post (id, code, designation_en, designation_hi, office_id, section_id, capabilities, active, version, created_at, updated_at)
      select ${post('x.code')}, x.code, x.en, x.hi, ${office('x.office')}, null, x.caps, true, 1, now(), now()
      from (
        select code || '-DM-DM' as code, 'District Magistrate' as en, 'जिलाधिकारी' as hi, code || '-DM' as office, '{noting,supervision}'::text[] as caps from bd
        union all select code || '-DM-ADM', 'Additional District Magistrate', 'अपर जिलाधिकारी', code || '-DM', '{noting,supervision}' from bd
        union all select code || '-SP-SP', 'Superintendent of Police', 'पुलिस अधीक्षक', code || '-SP', '{noting,supervision}' from bd
        union all select code || '-CSC-OP', 'CSC operator', 'सीएससी संचालक', code || '-CSC', '{noting}' from bd
        union all select code || '-TEH' || k || '-SDM', 'Sub-Divisional Magistrate', 'उपजिलाधिकारी', code || '-TEH' || k, '{noting,supervision}' from bd, generate_series(1, ${TEHSILS}) k
        union all select code || '-TEH' || k || '-TDR', 'Tehsildar', 'तहसीलदार', code || '-TEH' || k, '{noting}' from bd, generate_series(1, ${TEHSILS}) k
        union all select code || '-TEH' || k || '-NTD', 'Naib Tehsildar', 'नायब तहसीलदार', code || '-TEH' || k, '{noting}' from bd, generate_series(1, ${TEHSILS}) k
        union all select code || '-CO' || k || '-CO', 'Circle Officer', 'क्षेत्राधिकारी', code || '-CO' || k, '{noting,supervision}' from bd, generate_series(1, ${CIRCLES}) k
        union all select code || '-PS' || k || '-SHO', 'Station House Officer', 'थानाध्यक्ष', code || '-PS' || k, '{noting,supervision}' from bd, generate_series(1, ${STATIONS}) k
        union all select code || '-DEPT' || k || '-HEAD', 'District Officer, Department ' || k, 'जनपद अधिकारी, विभाग ' || k, code || '-DEPT' || k, '{noting,supervision}' from bd, generate_series(1, ${DEPTS}) k
        union all select code || '-DEPT' || k || '-DO' || j, 'Designated Officer ' || j || ', Department ' || k, 'पदाभिहित अधिकारी ' || j || ', विभाग ' || k, code || '-DEPT' || k, '{noting}'
          from bd, generate_series(1, ${DEPTS}) k, generate_series(1, 3) j
        union all select code || '-ST' || lpad(n::text, 5, '0'), 'Assistant ' || n, 'सहायक ' || n,
            case m when 0 then code || '-DM' when 1 then code || '-SP' when 2 then code || '-CSC'
              when 3 + ${TEHSILS} + ${CIRCLES} + ${STATIONS} then code || '-DEPT1' else
              case when m < 3 + ${TEHSILS} then code || '-TEH' || (m - 2) when m < 3 + ${TEHSILS} + ${CIRCLES} then code || '-CO' || (m - 2 - ${TEHSILS})
                   when m < 3 + ${TEHSILS} + ${CIRCLES} + ${STATIONS} then code || '-PS' || (m - 2 - ${TEHSILS} - ${CIRCLES}) else code || '-DEPT' || (m - 2 - ${TEHSILS} - ${CIRCLES} - ${STATIONS}) end end,
            case when n % 5 = 0 then '{dak}'::text[] else '{noting}'::text[] end
          from (select bd.*, n, (n - 1) % ${offices} as m from bd, generate_series(1, ${perDistrict + (staff % DISTRICTS.length)}) n where n <= ${perDistrict} or bd.d = 1) s
      ) x`,
    );
    // a user for each district's DM and SP (the benchmark signs in as them)
    await step(
      c,
      o.log,
      'users (DM and SP of each district)',
      `insert into app_user (id, username, name_en, name_hi, password_hash, mobile, email, locale, active, version, created_at, updated_at)
      select pg_temp.buuid('rts-user-' || p.code), lower(p.code), 'Officer ' || p.code, 'अधिकारी ' || p.code, (select password_hash from app_user where username = $1), null, null, 'en', true, 1, now(), now()
      from post p where p.code ~ '^UK[0-9]+-(DM-DM|SP-SP)$'`,
      [o.passwordFrom],
    );
    await c.query(
      `insert into charge (id, user_id, post_id, type, from_date, to_date, version, created_at)
      select pg_temp.buuid('rts-charge-' || p.code), pg_temp.buuid('rts-user-' || p.code), p.id, 'regular', current_date - 30, null, 1, now()
      from post p where p.code ~ '^UK[0-9]+-(DM-DM|SP-SP)$'`,
    );

    // ------------------------------------------------------------------ the services
    await c.query(`drop table if exists pg_temp.bs`);
    await c.query(
      `create temp table bs as
      select i, pg_temp.buuid('rts-service-' || i) as id, pg_temp.buuid('rts-version-' || i) as version_id, 'RTS' || lpad(i::text, 4, '0') as code,
        case when i % 10 = 0 then 'teh' when i % 10 = 3 then 'ps' when i % 10 = 6 then 'dm' else 'dept' end as level,
        1 + (i * 7) % ${DEPTS} as dept, (array[1, 3, 5, 7, 10, 15, 21, 30])[1 + (i * 5) % 8] as timeline, 1 + i % 3 as slot,
        power(i, -1.05::float8) as w
      from generate_series(1, ${num(o.services)}) i`,
    );
    await step(
      c,
      o.log,
      `services (${o.services})`,
      `insert into service (id, code, live_version, created_at, version) select id, code, 1, now(), 1 from bs`,
    );
    await step(
      c,
      o.log,
      'service versions',
      `insert into service_version (id, service_id, number, definition, status, created_by, created_at, published_at)
      select bs.id_v, bs.id, 1, jsonb_set(jsonb_set(jsonb_set(e.definition, '{code}', to_jsonb(bs.code)), '{name}',
          jsonb_build_object('en', 'Service ' || bs.i || ' (department ' || bs.dept || ')', 'hi', 'सेवा ' || bs.i || ' (विभाग ' || bs.dept || ')')),
          '{timelineDays}', to_jsonb(bs.timeline)),
        'live', 'bench', now(), now()
      from (select *, version_id as id_v from bs) bs, (select v.definition from service_version v join service s on s.id = v.service_id where s.code = 'EPASS' and v.status = 'live') e`,
    );
    await c.query('commit');

    // ------------------------------------------------------------------ applications
    // lookup slots: a uniform draw picks a service (Zipf weights, every service at least once) and a district (population)
    const {
      rows: [slots],
    } = await c.query(`select
        (select array_agg(i order by i, k) from (select i, generate_series(1, 1 + floor(10000 * w / sum(w) over ())::int) as k from bs) x) as services,
        (select array_agg(d order by d, k) from (select d, generate_series(1, greatest(1, round(1000 * w::float8 / sum(w::float8) over ())::int)) as k from bd) x) as districts`);
    await c.query(`drop table if exists pg_temp.svc`);
    await c.query(`create temp table svc as select * from bs`);
    await c.query(`create unique index on svc (i)`);
    await c.query('analyze svc');

    const { rows: idx } = await c.query<IndexDef>(
      `select ic.relname as name, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
       where t.relname = 'application' and t.relnamespace = 'public'::regnamespace and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    );
    await writeFile(o.indexFile, JSON.stringify(idx));
    for (const d of idx) await c.query(`drop index if exists "${d.name}"`);
    o.log(`  dropped ${idx.length} plain indexes of application for the load`);

    const years = num(o.years);
    // per row: service, district, filing time (denser lately), days to disposal (exponential, mean 1/2.45 of the calendar timeline)
    await step(
      c,
      o.log,
      `applications (${o.applications.toLocaleString('en')})`,
      `insert into application (id, reference_number, service_id, service_version_id, office_id, subject, category, grading, priority, due_date, status, stage, channel,
        applicant_id, applicant_name, applicant_mobile, applicant_locale, filed_by_post_id, filed_by_user_id, data, area_id, origin_post_id, created_by_post_id,
        holder_post_id, held_since, opened_at, parked_at, closed_at, clock_left, valid_from, valid_until, rating, feedback, version, created_at, updated_at,
        rts_due_date, rts_days_left, on_time)
      select pg_temp.buuid('rts-appln-' || z.i), 'RTS/' || z.dcode || '/' || z.i, z.sid, z.vid, ${office('z.ocode')}, 'Application ' || z.i || ' for ' || z.scode, z.scode, 'normal', 'normal',
        null, z.status, case z.status when 'closed' then case when z.r5 < 0.15 then 'rejected' else 'approved' end when 'open' then 'submitted' else 'returned' end,
        case when z.r6 < 0.7 then 'citizen' when z.r6 < 0.95 then 'counter' else 'office' end,
        null, 'Applicant ' || z.i, '9' || lpad((z.i % 1000000000)::text, 9, '0'), case when z.i % 3 = 0 then 'en' else 'hi' end, null, null, '{}'::jsonb, null,
        ${post('z.pcode')}, ${post('z.pcode')}, ${post('z.pcode')}, z.created_at, z.created_at, null, case when z.status = 'closed' then z.closed_at end, null, null, null,
        case when z.status = 'closed' and z.r7 < 0.2 then case when z.r8 < 0.45 then 5 when z.r8 < 0.75 then 4 when z.r8 < 0.87 then 3 when z.r8 < 0.94 then 2 else 1 end end,
        case when z.status = 'closed' and z.r7 < 0.05 then (${sqlArray(COMMENTS)})[1 + z.i % ${COMMENTS.length}] end,
        1, z.created_at, coalesce(case when z.status = 'closed' then z.closed_at end, z.created_at),
        case when z.status <> 'with_applicant' then z.due end, case when z.status = 'with_applicant' then 3 end,
        case when z.status = 'closed' then (z.closed_at at time zone 'Asia/Kolkata')::date <= z.due end
      from (
        select y.*, case when y.closed_at <= now() then 'closed' when y.r5 < 0.02 then 'with_applicant' else 'open' end as status,
          (y.created_at at time zone 'Asia/Kolkata')::date + ceil(y.timeline * 1.4)::int as due
        from (
          select x.i, x.r5, x.r6, x.r7, x.r8, s.id as sid, s.version_id as vid, s.code as scode, s.timeline, d.code as dcode,
            d.code || case s.level when 'dept' then '-DEPT' || s.dept when 'teh' then '-TEH' || (1 + floor(x.r3 * ${TEHSILS})::int) when 'ps' then '-PS' || (1 + floor(x.r3 * ${STATIONS})::int) else '-DM' end as ocode,
            d.code || case s.level when 'dept' then '-DEPT' || s.dept || '-DO' || s.slot when 'teh' then '-TEH' || (1 + floor(x.r3 * ${TEHSILS})::int) || (array['-SDM', '-TDR', '-NTD'])[s.slot]
              when 'ps' then '-PS' || (1 + floor(x.r3 * ${STATIONS})::int) || '-SHO' else '-DM-ADM' end as pcode,
            now() - power(x.r1, 0.8) * interval '${years} years' as created_at,
            now() - power(x.r1, 0.8) * interval '${years} years' + floor(-ln(1 - x.r4) * ceil(s.timeline * 1.4) / 2.45) * interval '1 day' + x.r2 * interval '8 hours' as closed_at
          from (
            select i, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7, random() as r8,
              ($1::int[])[1 + floor(random() * $3)::int] as si, ($2::int[])[1 + floor(random() * $4)::int] as di
            from generate_series(1, ${num(o.applications)}) i
          ) x join svc s on s.i = x.si join bd d on d.d = x.di
        ) y
      ) z`,
      [slots.services, slots.districts, slots.services.length, slots.districts.length],
    );
    for (const d of idx) await step(c, o.log, `index ${d.name}`, d.def);
    await rm(o.indexFile, { force: true });

    // ------------------------------------------------------------------ appeals
    await step(
      c,
      o.log,
      'appeals (on a share of the late and overdue)',
      `insert into rts_appeal (id, application_id, number, grounds, by_applicant, level, status, holder_post_id, office_id, designated_post_id, missed_on, filed_at, level_since,
        due_date, decision, decided_at, penalty_amount, penalty_reason, compensation_amount, version)
      select pg_temp.buuid('rts-appeal-' || x.id), x.id, 'APL/' || x.reference_number, 'delay', false, x.level,
        case when x.decided_at is not null then 'decided' else 'pending' end, x.origin_post_id, x.office_id, x.origin_post_id, x.rts_due_date, x.filed_at,
        x.filed_at + (x.level - 1) * interval '30 days', (x.filed_at + x.level * interval '42 days')::date,
        case when x.decided_at is not null then case when x.r2 < 0.6 then 'order_delivery' else 'dismissed' end end, x.decided_at,
        case when x.decided_at is not null and x.r3 < 0.15 then 250 * (1 + floor(x.r2 * 20))::int end,
        case when x.decided_at is not null and x.r3 < 0.15 then 'Delay without reason' end,
        case when x.decided_at is not null and x.r3 > 0.9 then 100 * (1 + floor(x.r2 * 10))::int end, 1
      from (
        select w.*, case when w.filed_at + (w.level - 1) * interval '30 days' + w.r4 * interval '28 days' < now() then w.filed_at + (w.level - 1) * interval '30 days' + w.r4 * interval '28 days' end as decided_at
        from (
          select a.id, a.reference_number, a.origin_post_id, a.office_id, a.rts_due_date, (a.rts_due_date + 1)::timestamp at time zone 'Asia/Kolkata' + interval '10 hours' as filed_at,
            r1, r2, r3, r4, case when r1 < 0.75 then 1 when r1 < 0.95 then 2 else 3 end as level
          from (select a.*, random() as r0, random() as r1, random() as r2, random() as r3, random() as r4 from application a
                where a.reference_number like 'RTS/%' and (a.on_time is false or (a.status = 'open' and a.rts_due_date < current_date))) a
          where r0 < 0.3 and (a.rts_due_date + 1) < current_date
        ) w
      ) x`,
    );
    await step(
      c,
      o.log,
      'appeal steps',
      `insert into rts_appeal_step (id, appeal_id, seq, kind, level, holder_post_id, by_post_id, by_user_id, by_applicant, remarks, at)
      select pg_temp.buuid('rts-step-' || a.id || '-' || l), a.id, l, case when l = 1 then 'filed' else 'escalated' end, l, a.holder_post_id, null::uuid, null::uuid, false, null::text,
        a.filed_at + (l - 1) * interval '30 days'
      from rts_appeal a, generate_series(1, a.level) l where a.number like 'APL/RTS/%'
      union all
      select pg_temp.buuid('rts-step-' || a.id || '-d'), a.id, a.level + 1, 'decided', a.level, a.holder_post_id, null::uuid, null::uuid, false, null::text, a.decided_at
      from rts_appeal a where a.number like 'APL/RTS/%' and a.status = 'decided'`,
    );
  } catch (err) {
    await c.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await c.query(`reset session_replication_role`);
  }
  await step(c, o.log, 'RTS tallies rebuilt (the migration backfill: rts_tally_rebuild())', `select rts_tally_rebuild()`);
  await step(
    c,
    o.log,
    'vacuum + analyze',
    `vacuum (analyze) application, rts_appeal, rts_appeal_step, rts_tally, rts_days, office, post, service, service_version`,
  );
  const {
    rows: [n],
  } =
    await c.query(`select (select count(*) from office where kind = 'district')::int as districts, (select count(*) from office)::int as offices,
      (select count(*) from post)::int as posts, (select count(*) from service)::int as services, (select count(*) from application)::int as applications,
      (select count(*) from application where status <> 'closed')::int as pending, (select count(*) from application where status <> 'closed' and rts_due_date < current_date)::int as beyond,
      (select count(*) from rts_appeal)::int as appeals, (select count(*) from rts_tally)::int as tally_rows, (select count(*) from rts_days)::int as histogram_rows`);
  return n as Record<string, number>;
}
