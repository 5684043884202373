import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor } from '../../shared/actor.js';
import { nextNumbers } from '../../shared/counter.js';
import { istDate } from '../../shared/dates.js';
import { transact, type Deps, type Scope, type Tx } from '../../shared/scope.js';
import { grant, itemDueDates } from '../movement/index.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import { rtsTermsOf, type RtsTerms } from '../services/index.js';
import { appellateAuthority, type AppealCase, type Authority, type LookupCache } from './appellate.js';
import type { AppealGrounds, AppealLevel } from './rts.entity.js';

type Bilingual = { en: string; hi: string };
const BATCH = 200;

const run = <R>(em: EntityManager, sql: string, params: unknown[] = []) =>
  em.getConnection().execute<R[]>(sql, params, 'all', em.getTransactionContext());

/** An application an appeal is filed on, as the filing needs it. */
export interface AppealTarget extends AppealCase {
  applicationId: string;
  referenceNumber: string;
  terms: RtsTerms;
  serviceName: Bilingual;
  mobile: string;
  locale: 'hi' | 'en';
}

/** The appeal's number: APL/<the appellate office's number prefix>/<year>/<serial>, per appellate office and year. */
async function appealNumbers(em: EntityManager, officeId: string, year: number, count: number): Promise<string[]> {
  const [office] = await run<{ number_prefix: string | null; code: string }>(em, 'select number_prefix, code from office where id = ?', [
    officeId,
  ]);
  const prefix = office?.number_prefix ?? office?.code ?? 'RTS';
  return (await nextNumbers(em, 'appeal', officeId, year, count)).map((n) => `APL/${prefix}/${year}/${String(n).padStart(6, '0')}`);
}

/** What a run looks up again and again: deadlines per office and length, serving posts per area and role. */
export interface RunCache {
  due: Map<string, Promise<string>>;
  serving: LookupCache;
}
export const newRunCache = (): RunCache => ({ due: new Map(), serving: new Map() });

/** The working-day deadline an authority has for an appeal reaching it today. */
function dueFor(em: EntityManager, authority: Authority, terms: RtsTerms, today: string, cache?: RunCache): Promise<string> {
  const key = `${authority.officeId}|${today}|${terms.appealDays}`;
  const hit = cache?.due.get(key);
  if (hit) return hit;
  const due = itemDueDates.use.addWorkingDays(em, authority.officeId, today, terms.appealDays);
  cache?.due.set(key, due);
  return due;
}

/**
 * Files appeals in the caller's transaction — the one place an appeal is created, by the daily run
 * (a missed timeline) or by the applicant (a rejection): at the first level that has an authority,
 * numbered, with its deadline on the authority's calendar, the authority given read access to the
 * application, a step and an event each. One per application and grounds: an appeal already there is
 * left alone (answers no id for it).
 */
export async function fileAppeals(
  tx: Tx,
  org: OrgSnapshot,
  targets: readonly AppealTarget[],
  f: {
    grounds: AppealGrounds;
    byApplicant: boolean;
    missedOn: (t: AppealTarget) => string;
    grievance?: string;
    now: Date;
    cache?: RunCache;
  },
): Promise<Map<string, string>> {
  const today = istDate(f.now);
  const year = Number(today.slice(0, 4));
  const routed: Array<{ t: AppealTarget; level: AppealLevel; authority: Authority }> = [];
  for (const t of targets) {
    const found = await appellateAuthority(tx.em, org, t.terms, t, 1, f.cache?.serving);
    if (found) routed.push({ t, ...found });
  }
  const byOffice = new Map<string, typeof routed>();
  for (const r of routed) byOffice.set(r.authority.officeId, [...(byOffice.get(r.authority.officeId) ?? []), r]);
  const filed = new Map<string, string>();
  for (const [officeId, group] of byOffice) {
    const numbers = await appealNumbers(tx.em, officeId, year, group.length);
    for (const [i, { t, level, authority }] of group.entries()) {
      const id = randomUUID();
      const dueDate = await dueFor(tx.em, authority, t.terms, today, f.cache);
      const [row] = await run<{ id: string }>(
        tx.em,
        `insert into rts_appeal (id, application_id, number, grounds, by_applicant, level, status, holder_post_id, office_id, designated_post_id,
                                 missed_on, filed_at, level_since, due_date, grievance, version)
         values (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, 1)
         on conflict (application_id, grounds) do nothing returning id`,
        [
          id,
          t.applicationId,
          numbers[i],
          f.grounds,
          f.byApplicant,
          level,
          authority.postId,
          authority.officeId,
          t.designatedPostId,
          f.missedOn(t),
          f.now,
          f.now,
          dueDate,
          f.grievance ?? null,
        ],
      );
      if (!row) continue; // filed meanwhile (a second run): its number is spent, as a rolled-back one would be
      await run(
        tx.em,
        `insert into rts_appeal_step (id, appeal_id, seq, kind, level, holder_post_id, by_post_id, by_user_id, by_applicant, remarks, at)
         values (?, ?, 1, 'filed', ?, ?, null, null, ?, ?, ?)`,
        [randomUUID(), id, level, authority.postId, f.byApplicant, f.grievance ?? null, f.now],
      );
      await grant(tx.em, 'appln', t.applicationId, [{ post: authority.postId, readOnly: true }], f.now);
      filed.set(t.applicationId, id);
      tx.emit({
        type: 'rts.appeal-filed',
        appealId: id,
        number: numbers[i]!,
        applicationId: t.applicationId,
        referenceNumber: t.referenceNumber,
        grounds: f.grounds,
        byApplicant: f.byApplicant,
        level,
        holderPostId: authority.postId,
        designatedPostId: t.designatedPostId,
        dueDate,
        mobile: t.mobile,
        locale: t.locale,
        serviceName: t.serviceName,
      });
    }
  }
  return filed;
}

/** Columns of an application an appeal needs, read with its service version's terms. */
export const TARGET_COLUMNS = `a.id, a.reference_number, a.origin_post_id, a.area_id, a.applicant_mobile, a.applicant_locale,
  to_char(a.rts_due_date, 'YYYY-MM-DD') as rts_due_date, v.definition->'rts' as rts, v.definition->'name' as name`;
export interface TargetRow {
  id: string;
  reference_number: string;
  origin_post_id: string;
  area_id: string | null;
  applicant_mobile: string;
  applicant_locale: 'hi' | 'en';
  rts_due_date: string | null;
  rts: Partial<RtsTerms> | null;
  name: Bilingual;
}
export const targetOf = (r: TargetRow): AppealTarget => ({
  applicationId: r.id,
  referenceNumber: r.reference_number,
  designatedPostId: r.origin_post_id,
  areaId: r.area_id,
  terms: rtsTermsOf({ rts: r.rts ?? undefined }),
  serviceName: r.name,
  mobile: r.applicant_mobile,
  locale: r.applicant_locale,
});

export interface AppealRunReport {
  today: string;
  filed: number;
  escalated: number;
  /** Overdue applications for which no level has an authority (no supervising post above, no Commission). */
  unrouted: number;
}

/**
 * The daily Right to Service run for the day `asOf` falls on (IST) — the clock is the caller's, so
 * tests and a re-run of a missed day pass their own. Files a First Appeal on every application not
 * disposed of by its RTS due date that has none yet, and moves every appeal not disposed of by its
 * level's deadline up to the next level (the Second Appellate Authority, then the Commission).
 * Batches of 200 in their own transactions; rows locked `skip locked` and appeals unique per
 * application and grounds, so two runs at once file and escalate each once.
 */
export async function runRtsAppeals(deps: Deps, o: { asOf?: Date } = {}): Promise<AppealRunReport> {
  const now = o.asOf ?? new Date();
  const today = istDate(now);
  const scope: Scope = { actor: systemActor(deps.env.DEFAULT_LOCALE), em: deps.orm.em.fork(), deps };
  const org = await loadOrg(scope.em);
  const report: AppealRunReport = { today, filed: 0, escalated: 0, unrouted: 0 };
  const skipped = new Set<string>();
  // deadlines and serving posts are the same for many appeals of a run (a cached deadline read in one batch's transaction is
  // the calendar as of the run's start, which is what the run goes by)
  const cache = newRunCache();

  for (;;) {
    const n = await transact({ ...scope, em: scope.em.fork() }, async (tx) => {
      const due = await run<TargetRow>(
        tx.em,
        `select ${TARGET_COLUMNS} from application a join service_version v on v.id = a.service_version_id
          where a.status <> 'closed' and a.rts_due_date < ?::date and a.id <> all(?::uuid[])
            and not exists (select 1 from rts_appeal r where r.application_id = a.id and r.grounds = 'delay')
          order by a.rts_due_date, a.id limit ${BATCH} for update of a skip locked`,
        [today, `{${[...skipped].join(',')}}`],
      );
      const filed = await fileAppeals(tx, org, due.map(targetOf), {
        grounds: 'delay',
        byApplicant: false,
        missedOn: (t) => rowOf(due, t).rts_due_date!,
        now,
        cache,
      });
      for (const r of due) if (!filed.has(r.id)) skipped.add(r.id);
      report.filed += filed.size;
      report.unrouted += due.length - filed.size;
      return due.length;
    });
    if (n < BATCH) break;
  }

  const stuck = new Set<string>();
  for (;;) {
    const n = await transact({ ...scope, em: scope.em.fork() }, async (tx) => {
      const late = await run<TargetRow & { appeal_id: string; number: string; level: AppealLevel; holder_post_id: string }>(
        tx.em,
        `select r.id as appeal_id, r.number, r.level, r.holder_post_id, ${TARGET_COLUMNS}
           from rts_appeal r join application a on a.id = r.application_id join service_version v on v.id = a.service_version_id
          where r.status = 'pending' and r.due_date < ?::date and r.level < 3 and r.id <> all(?::uuid[])
          order by r.due_date, r.id limit ${BATCH} for update of r skip locked`,
        [today, `{${[...stuck].join(',')}}`],
      );
      for (const r of late) {
        const t = targetOf(r);
        const next = await appellateAuthority(tx.em, org, t.terms, t, (r.level + 1) as AppealLevel, cache.serving);
        if (!next) {
          stuck.add(r.appeal_id);
          continue;
        }
        const dueDate = await dueFor(tx.em, next.authority, t.terms, today, cache);
        await run(
          tx.em,
          `update rts_appeal set level = ?, holder_post_id = ?, office_id = ?, level_since = ?, due_date = ?, version = version + 1 where id = ?`,
          [next.level, next.authority.postId, next.authority.officeId, now, dueDate, r.appeal_id],
        );
        await run(
          tx.em,
          `insert into rts_appeal_step (id, appeal_id, seq, kind, level, holder_post_id, by_post_id, by_user_id, by_applicant, remarks, at)
           select ?, ?, coalesce(max(seq), 0) + 1, 'escalated', ?, ?, null, null, false, null, ? from rts_appeal_step where appeal_id = ?`,
          [randomUUID(), r.appeal_id, next.level, next.authority.postId, now, r.appeal_id],
        );
        await grant(tx.em, 'appln', r.id, [{ post: next.authority.postId, readOnly: true }], now);
        report.escalated++;
        tx.emit({
          type: 'rts.appeal-escalated',
          appealId: r.appeal_id,
          number: r.number,
          applicationId: r.id,
          referenceNumber: r.reference_number,
          fromLevel: r.level,
          level: next.level,
          fromPostId: r.holder_post_id,
          holderPostId: next.authority.postId,
          designatedPostId: r.origin_post_id,
          dueDate,
          mobile: r.applicant_mobile,
          locale: r.applicant_locale,
          serviceName: r.name,
        });
      }
      return late.length;
    });
    if (n < BATCH) break;
  }
  if (report.filed || report.escalated || report.unrouted) deps.log.info(report, 'right to service appeals filed and escalated');
  return report;
}

const rowOf = (rows: readonly TargetRow[], t: AppealTarget) => rows.find((r) => r.id === t.applicationId)!;
