import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { istDate } from '../../shared/dates.js';
import { pgArray } from '../../shared/persistence.js';
import { rooms, type Hint, type Room } from '../../shared/hints.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import { refreshAllItems, replaceAllItems } from './pendency.queries.js';
import { holidayDays, lockCalendarsSql, replaceWorkingDays, workingDaysDigest, workingDaysPresent, workWeeks } from './calendar.queries.js';
import { compact, rebuildHistory, recountTallies } from './tallies.queries.js';
import { buildCalendar, DEFAULT_WORK_WEEK, type WorkWeekRule } from './working-calendar.js';

/** Recomputes every pending item's row from the view (after rules or calendars changed); drops rows of items no longer pending. */
export const refreshAllPendency = refreshAllItems;

/** The weekly offs and holidays that apply to an office: its own, else its nearest ancestor's, else the default. */
function effectiveRules(
  org: OrgSnapshot,
  weeks: Map<string | null, WorkWeekRule>,
  holidays: Array<{ officeId: string | null; day: string }>,
  officeId: string,
) {
  const chain = org.chain(officeId);
  const week = chain.map((o) => weeks.get(o)).find(Boolean) ?? weeks.get(null) ?? DEFAULT_WORK_WEEK;
  const days = new Set(holidays.filter((h) => h.officeId === null || chain.includes(h.officeId)).map((h) => h.day));
  return { week, holidays: days };
}

async function loadCalendarRules(em: EntityManager) {
  const weekRows = await workWeeks(em);
  const holidayRows = await holidayDays(em);
  const weeks = new Map<string | null, WorkWeekRule>(
    weekRows.map((r) => [r.office_id ?? null, { weeklyOff: r.weekly_off.map(Number), saturdaysOff: r.saturdays_off.map(Number) }]),
  );
  const holidays = holidayRows.map((r) => ({ officeId: r.office_id ?? null, day: r.day }));
  return { weeks, holidays };
}

/** The span of the stored calendars: three years back (old items) to two years ahead (long deadlines). */
function calendarSpan(today = istDate()) {
  const y = Number(today.slice(0, 4));
  return { from: `${y - 3}-01-01`, to: `${y + 2}-12-31` };
}

/**
 * One calendar change at a time (until the caller's transaction ends): two holidays added at once
 * would otherwise both replace the calendar rows and the second insert would collide with the first.
 */
export async function lockCalendars(em: EntityManager): Promise<void> {
  await lockCalendarsSql(em);
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
  const order = offices
    .map((_, i) => i)
    .sort((a, b) => (offices[a]! < offices[b]! ? -1 : offices[a]! > offices[b]! ? 1 : days[a]! < days[b]! ? -1 : 1));
  const digest = createHash('md5')
    .update(order.map((i) => `${offices[i]}|${days[i]}|${ords[i]}|${working[i]}`).join(','))
    .digest('hex');
  if ((await workingDaysDigest(em)) === digest) return false;
  await replaceWorkingDays(em, {
    offices: pgArray(offices),
    days: pgArray(days),
    ords: `{${ords.join(',')}}`,
    working: `{${working.map((w) => (w ? 't' : 'f')).join(',')}}`,
  });
  return true;
}

/** Calendars regenerated and due dates recomputed when they changed (start-up, the daily job, after holiday edits). */
export async function syncCalendars(em: EntityManager, today = istDate()): Promise<boolean> {
  const changed = await regenerateCalendars(em, today);
  if (changed) await refreshAllPendency(em);
  return changed;
}

/** Folds the changes logged since the last run into the tallies the dashboard reads (every minute, by a job). */
export const compactTallies = compact;

/** A fresh installation has no calendars until the first daily run: make them on first use. */
export async function ensureCalendars(em: EntityManager): Promise<void> {
  if (await workingDaysPresent(em)) return;
  await em.fork().transactional((tx) => syncCalendars(tx));
}

/**
 * Rebuilds everything pendency keeps from the items themselves: calendars, one row per pending
 * item, the received/disposed history and the weekly sums. For data loaded around the triggers
 * (the benchmark's bulk seed) and as a repair tool.
 */
export async function rebuildPendency(em: EntityManager, today = istDate()): Promise<void> {
  await regenerateCalendars(em, today);
  await replaceAllItems(em);
  await recountTallies(em);
  await rebuildHistory(em);
}

/**
 * The hints telling the dashboards that pendency changed in the offices of these posts: to every
 * supervising post whose scope covers one of them, and to the posts themselves.
 */
export function pendencyHints(org: OrgSnapshot, postIds: ReadonlyArray<string | null | undefined>): Array<{ room: Room; hint: Hint }> {
  const posts = [...new Set(postIds.filter((p): p is string => !!p))];
  const officeIds = [...new Set(posts.map((p) => org.posts.get(p)?.officeId).filter((o): o is string => !!o))];
  return [...new Set([...org.supervisorsCovering(officeIds), ...posts])].map((p) => ({
    room: rooms.post(p),
    hint: { entity: 'pendency', ids: officeIds },
  }));
}
