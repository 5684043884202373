import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { istDate } from '../../shared/dates.js';
import { pgArray } from '../../shared/persistence.js';
import type { Tx } from '../../shared/scope.js';
import { rooms, type Hint, type Room } from '../../realtime/hints.js';
import { cachedOrg, loadOrg, type OrgSnapshot } from './org-snapshot.js';
import { buildCalendar, DEFAULT_WORK_WEEK, WorkingCalendar, type WorkWeekRule } from './working-calendar.js';

type Row = Record<string, any>;
export const run = (em: EntityManager, sql: string, params: unknown[] = []) => em.getConnection().execute<Row[]>(sql, params, 'all', em.getTransactionContext());

const COLUMNS = `item_type, item_id, office_id, section_id, holder_post_id, held_since, held_on, started_on, origin_office_id, priority, grading, category,
  register, parked, explicit_due, rule_due, register_due, due_date, due_source, remind_on, reason_until, access_posts`;
const UPDATE_SET = COLUMNS.split(',').map((c) => c.trim()).filter((c) => c !== 'item_type' && c !== 'item_id').map((c) => `${c} = excluded.${c}`).join(', ');

/** Recomputes one item's pendency row (after its register or delay reason changed); the triggers do it for moves. */
export async function refreshItem(em: EntityManager, type: string, id: string): Promise<void> {
  await run(em, 'select pendency_refresh(?, ?)', [type, id]);
}

/** Recomputes every pending item's row from the view (after rules or calendars changed); drops rows of items no longer pending. */
export async function refreshAllPendency(em: EntityManager): Promise<void> {
  await run(em, `insert into pendency_item (${COLUMNS}) select ${COLUMNS} from pendency_source
    on conflict (item_type, item_id) do update set ${UPDATE_SET}
    where (pendency_item.*) is distinct from (excluded.*)`);
  await run(em, `delete from pendency_item pi where not exists (select 1 from pendency_source s where s.item_type = pi.item_type and s.item_id = pi.item_id)`);
}

/** The weekly offs and holidays that apply to an office: its own, else its nearest ancestor's, else the default. */
export function effectiveRules(org: OrgSnapshot, weeks: Map<string | null, WorkWeekRule>, holidays: Array<{ officeId: string | null; day: string }>, officeId: string) {
  const chain = org.chain(officeId);
  const week = chain.map((o) => weeks.get(o)).find(Boolean) ?? weeks.get(null) ?? DEFAULT_WORK_WEEK;
  const days = new Set(holidays.filter((h) => h.officeId === null || chain.includes(h.officeId)).map((h) => h.day));
  return { week, holidays: days };
}

export async function loadCalendarRules(em: EntityManager) {
  const weekRows = await run(em, 'select office_id, weekly_off, saturdays_off from pendency_work_week');
  const holidayRows = await run(em, `select office_id, to_char(day, 'YYYY-MM-DD') as day from pendency_holiday`);
  const weeks = new Map<string | null, WorkWeekRule>(weekRows.map((r) => [r.office_id ?? null, { weeklyOff: (r.weekly_off as string[]).map(Number), saturdaysOff: (r.saturdays_off as string[]).map(Number) }]));
  const holidays = holidayRows.map((r) => ({ officeId: (r.office_id as string | null) ?? null, day: r.day as string }));
  return { weeks, holidays };
}

/** The calendar of one office, for arithmetic in the application (the same rules as the stored one). */
export async function officeCalendar(em: EntityManager, officeId: string, org?: OrgSnapshot): Promise<WorkingCalendar> {
  const o = org ?? (await loadOrg(em));
  const rules = await loadCalendarRules(em);
  const { week, holidays } = effectiveRules(o, rules.weeks, rules.holidays, officeId);
  return new WorkingCalendar(week, holidays);
}

/** The span of the stored calendars: three years back (old items) to two years ahead (long deadlines). */
export function calendarSpan(today = istDate()) {
  const y = Number(today.slice(0, 4));
  return { from: `${y - 3}-01-01`, to: `${y + 2}-12-31` };
}

/**
 * One calendar change at a time (until the caller's transaction ends): two holidays added at once
 * would otherwise both replace the calendar rows and the second insert would collide with the first.
 */
export async function lockCalendars(em: EntityManager): Promise<void> {
  await run(em, `select pg_advisory_xact_lock(hashtext('pendency_calendars'))`);
}

/**
 * Regenerates every office's working-day calendar from the weekly offs and holidays (in the
 * caller's transaction). Returns whether anything changed, so callers recompute due dates only then.
 */
export async function regenerateCalendars(em: EntityManager, today = istDate()): Promise<boolean> {
  await lockCalendars(em);
  const org = await loadOrg(em);
  const rules = await loadCalendarRules(em);
  const span = calendarSpan(today);
  const offices: string[] = [];
  const days: string[] = [];
  const ords: number[] = [];
  const working: boolean[] = [];
  for (const officeId of org.offices.keys()) {
    const { week, holidays } = effectiveRules(org, rules.weeks, rules.holidays, officeId);
    for (const d of buildCalendar(span.from, span.to, week, holidays)) {
      offices.push(officeId);
      days.push(d.day);
      ords.push(d.ord);
      working.push(d.working);
    }
  }
  // compare before replacing: the daily job finds nothing changed on most days
  const order = offices.map((_, i) => i).sort((a, b) => (offices[a]! < offices[b]! ? -1 : offices[a]! > offices[b]! ? 1 : days[a]! < days[b]! ? -1 : 1));
  const digest = createHash('md5').update(order.map((i) => `${offices[i]}|${days[i]}|${ords[i]}|${working[i]}`).join(',')).digest('hex');
  const [current] = await run(em, `select md5(coalesce(string_agg(office_id::text || '|' || day::text || '|' || ord::text || '|' || working::text, ',' order by office_id, day), '')) as digest from pendency_working_day`);
  if (current?.digest === digest) return false;
  await run(em, 'delete from pendency_working_day');
  await run(em, 'insert into pendency_working_day (office_id, day, ord, working) select * from unnest(?::uuid[], ?::date[], ?::int[], ?::boolean[])', [pgArray(offices), pgArray(days), `{${ords.join(',')}}`, `{${working.map((w) => (w ? 't' : 'f')).join(',')}}`]);
  return true;
}

/** Calendars regenerated and due dates recomputed when they changed (start-up, the daily job, after holiday edits). */
export async function syncCalendars(em: EntityManager, today = istDate()): Promise<boolean> {
  const changed = await regenerateCalendars(em, today);
  if (changed) await refreshAllPendency(em);
  return changed;
}

/** Folds the changes logged since the last run into the tallies the dashboard reads (every minute, by a job). */
export async function compactTallies(em: EntityManager): Promise<number> {
  const [row] = await run(em, 'select pendency_compact() as folded');
  return Number(row?.folded ?? 0);
}

/** The tallies recounted from the pending rows (after a bulk load or as a repair), the change log emptied. */
export async function rebuildTallies(em: EntityManager): Promise<void> {
  await run(em, 'delete from pendency_delta');
  for (const t of ['held', 'started', 'due', 'origin']) await run(em, `delete from pendency_tally_${t}`);
  const reg = `coalesce(register, '')`;
  await run(em, `insert into pendency_tally_held (holder_post_id, item_type, register, parked, graded, held_on, n)
    select holder_post_id, item_type, ${reg}, parked, grading <> 'normal', held_on, count(*) from pendency_item group by 1, 2, 3, 4, 5, 6`);
  await run(em, `insert into pendency_tally_started (holder_post_id, item_type, register, started_on, n)
    select holder_post_id, item_type, ${reg}, started_on, count(*) from pendency_item group by 1, 2, 3, 4`);
  await run(em, `insert into pendency_tally_due (holder_post_id, item_type, register, due_date, reason_until, n)
    select holder_post_id, item_type, ${reg}, coalesce(due_date, 'infinity'), coalesce(reason_until, '-infinity'), count(*) from pendency_item group by 1, 2, 3, 4, 5`);
  await run(em, `insert into pendency_tally_origin (origin_office_id, item_type, register, n)
    select origin_office_id, item_type, ${reg}, count(*) from pendency_item group by 1, 2, 3`);
  await run(em, 'select pendency_compact()'); // days past the horizon into their single rows
}

/** A fresh installation has no calendars until the first daily run: make them on first use. */
export async function ensureCalendars(em: EntityManager): Promise<void> {
  const [row] = await run(em, 'select exists (select 1 from pendency_working_day) as present');
  if (row?.present) return;
  await em.fork().transactional((tx) => syncCalendars(tx as EntityManager));
}

/**
 * Rebuilds everything pendency keeps from the items themselves: calendars, one row per pending
 * item, the received/disposed history and the weekly sums. For data loaded around the triggers
 * (the benchmark's bulk seed) and as a repair tool.
 */
export async function rebuildPendency(em: EntityManager, today = istDate()): Promise<void> {
  await regenerateCalendars(em, today);
  await run(em, 'delete from pendency_item');
  await run(em, `insert into pendency_item (${COLUMNS}) select ${COLUMNS} from pendency_source`);
  await rebuildTallies(em);
  await run(em, 'delete from pendency_event');
  await run(em, 'delete from pendency_week');
  await run(em, `insert into pendency_event (at, item_type, item_id, kind, origin_office_id, post_id)
    select r.created_at, 'receipt', r.id, 'received', r.office_id, r.created_by_post_id from receipt r
    union all select f.created_at, 'file', f.id, 'received', f.office_id, f.created_by_post_id from efile f
    union all select r.closed_at, 'receipt', r.id, 'disposed', r.office_id, r.holder_post_id from receipt r where r.status = 'closed' and r.closed_at is not null
    union all select coalesce((select min(c.added_at) from correspondence c where c.receipt_id = r.id), r.updated_at), 'receipt', r.id, 'disposed', r.office_id, r.holder_post_id from receipt r where r.status = 'filed'
    union all select f.closed_at, 'file', f.id, 'disposed', f.office_id, f.holder_post_id from efile f where f.status = 'closed' and f.closed_at is not null`);
}

/**
 * Tells the dashboards that pendency changed in the offices of these posts: a hint to every
 * supervising post whose scope covers one of them, and to the posts themselves. Called inside a
 * move's transaction (delivered with its commit); reads a cached org snapshot, so it is cheap.
 */
export async function notePendencyChange(tx: Tx, postIds: ReadonlyArray<string | null | undefined>): Promise<void> {
  if (!postIds.some((p) => !!p)) return;
  for (const { room, hint } of pendencyHints(await cachedOrg(tx.em), postIds)) tx.hint(room, hint);
}

/** The hints of notePendencyChange, from an org snapshot the caller already has. */
export function pendencyHints(org: OrgSnapshot, postIds: ReadonlyArray<string | null | undefined>): Array<{ room: Room; hint: Hint }> {
  const posts = [...new Set(postIds.filter((p): p is string => !!p))];
  const officeIds = [...new Set(posts.map((p) => org.posts.get(p)?.officeId).filter((o): o is string => !!o))];
  return [...new Set([...org.supervisorsCovering(officeIds), ...posts])].map((p) => ({ room: rooms.post(p), hint: { entity: 'pendency', ids: officeIds } }));
}
