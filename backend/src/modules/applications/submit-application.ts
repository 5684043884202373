import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/app-error.js';
import type { Deps, Scope } from '../../shared/scope.js';
import { sqlTransaction } from '../../shared/sql-transaction.js';
import { takeNumbersSql } from '../../shared/counter.js';
import { joinStatements, type Reader } from '../../shared/persistence.js';
import { istDate } from '../../shared/dates.js';
import type { Actor } from '../../shared/actor.js';
import type { Locale } from '../../shared/i18n.js';
import { grantSql, itemDueDates } from '../movement/index.js';
import { ServiceVersionSchema, type ServiceDefinition } from '../services/index.js';
import { rtsClock } from './rts-clock.js';
import type { ApplicationChannel } from './applications.entity.js';
import { parseFormValues } from './form-values.js';
import { routeApplication } from './route-application.js';
import { attachUploadsSql, checkUploads } from './application-uploads.js';

/** What filing needs of a service's live version (a published version never changes). */
export interface LiveVersion {
  id: string;
  serviceId: string;
  definition: ServiceDefinition;
}

/**
 * Live versions by service code, per database (tests run several systems in one process): a filing reads
 * its version from here instead of loading and hydrating the definition each time. This process forgets
 * them when a version is published (`forgetLiveVersions`, on `service.published`); another process sees
 * the new version within LIVE_VERSION_TTL_MS — until then filings go under the version live a moment ago.
 */
const liveVersions = new WeakMap<object, Map<string, { until: number; version: LiveVersion | null }>>();
const LIVE_VERSION_TTL_MS = 5_000;

export function forgetLiveVersions(em: EntityManager): void {
  liveVersions.delete(em.config);
}

/** The service's live version, or NOT_FOUND (an unknown or withdrawn service), or FORBIDDEN for a channel it does not take. */
export async function liveVersion(em: EntityManager, code: string, channel: ApplicationChannel): Promise<LiveVersion> {
  let cache = liveVersions.get(em.config);
  if (!cache) liveVersions.set(em.config, (cache = new Map()));
  let hit = cache.get(code);
  if (!hit || hit.until < Date.now()) {
    const v = await em.findOne(ServiceVersionSchema, { service: { code }, status: 'live' });
    hit = { until: Date.now() + LIVE_VERSION_TTL_MS, version: v ? { id: v.id, serviceId: v.service.id, definition: v.definition } : null };
    cache.set(code, hit);
  }
  if (!hit.version) throw new AppError('NOT_FOUND');
  if (!hit.version.definition.applicants.includes(channel)) throw new AppError('FORBIDDEN');
  return hit.version;
}

/**
 * A version by id, for deciding on an application filed under it. Versions an application can be filed
 * under are published, and a published version never changes: kept per process (per database: `em` names it)
 * once read (with `read`, on the caller's connection).
 */
const versionsById = new WeakMap<object, Map<string, LiveVersion>>();

export async function filedVersion(em: EntityManager, read: Reader, versionId: string): Promise<LiveVersion> {
  let cache = versionsById.get(em.config);
  if (!cache) versionsById.set(em.config, (cache = new Map()));
  let hit = cache.get(versionId);
  if (!hit) {
    const [v] = await read('select id, service_id, status, definition from service_version where id = ?', [versionId]);
    if (!v) throw new Error(`service version ${versionId} is gone`);
    hit = { id: v.id, serviceId: v.service_id, definition: v.definition as ServiceDefinition };
    if (v.status !== 'draft') cache.set(versionId, hit);
  }
  return hit;
}

/** The reference counter's scope: one per service and office (the counter runs per scope and year). */
const counterScope = (serviceId: string, officeId: string) => {
  const h = createHash('md5').update(`application:${serviceId}:${officeId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** The applicant's name as given by staff, else as the form has it (its `name` or `subjectName` field). */
const nameFrom = (data: Record<string, unknown>, given?: string) =>
  (given ?? ['name', 'subjectName'].map((k) => data[k]).find((v): v is string => typeof v === 'string') ?? '').slice(0, 200);

/** Pending applications of the same mobile for the same service whose dates overlap this one's (or with no dates to tell). */
async function similarPending(em: EntityManager, serviceId: string, mobile: string, def: ServiceDefinition, data: Record<string, unknown>) {
  const dateKeys = def.form.filter((f) => f.type === 'date').map((f) => f.key);
  const rows = await em.getConnection().execute<Array<{ reference_number: string; data: Record<string, unknown>; created_at: Date }>>(
    `select reference_number, data, created_at from application
      where service_id = ? and applicant_mobile = ? and status <> 'closed' order by created_at desc limit 20`,
    [serviceId, mobile],
  );
  return rows
    .filter((r) => !dateKeys.length || dateKeys.some((k) => data[k] !== undefined && r.data[k] === data[k]))
    .map((r) => ({ referenceNumber: r.reference_number, createdAt: new Date(r.created_at).toISOString() }));
}

export interface Filing {
  channel: ApplicationChannel;
  actor: Actor;
  applicantId: string | null;
  mobile: string;
  name?: string;
  locale: Locale;
}

/**
 * Files an application: the form checked against the service's live version, uploads checked as the
 * applicant's own, a similar pending one warned about (POSSIBLE_DUPLICATE until confirmed), routed to
 * the competent authority, numbered `<prefix>/<office prefix>/<year>/<serial>` from the shared counter
 * (per service, office and year), put in the authority's inbox with the first state's deadline, and an
 * SMS with the reference number queued — all in one transaction.
 */
export async function fileApplication(
  deps: Deps,
  em: EntityManager,
  filing: Filing,
  input: { service: string; data: Record<string, unknown>; confirmDuplicate: boolean },
  /** Run once the form has passed every check, before anything is written (a counter confirms the walk-in's mobile here): may change who files. */
  confirm?: () => Promise<Partial<Filing>>,
) {
  const version = await liveVersion(em, input.service, filing.channel);
  const def = version.definition;
  const data = parseFormValues(def, input.data, filing.actor.locale);
  const uploads = await checkUploads(em, def, data, { applicantId: filing.applicantId, postId: filing.actor.postId });
  const routed = await routeApplication(em, def, data);
  if (!input.confirmDuplicate) {
    const dupes = await similarPending(em, version.serviceId, filing.mobile, def, data);
    if (dupes.length)
      throw new AppError('POSSIBLE_DUPLICATE', { refs: dupes.map((d) => d.referenceNumber).join(', ') }, { duplicates: dupes });
  }
  if (confirm) filing = { ...filing, ...(await confirm()) };
  const id = randomUUID();
  const scope: Scope = { actor: filing.actor, em, deps };
  // a plain-SQL transaction of two round trips (the counter, due dates and office prefix with BEGIN; the rows, the SMS
  // and the audit row with COMMIT): filing is the public's hot path, hundreds a second at a state's scale
  return sqlTransaction(scope, async (tx) => {
    const today = istDate();
    const year = Number(today.slice(0, 4));
    const initial = def.workflow.states.find((s) => s.code === def.workflow.initial)!;
    const due = initial.deadlineDays ? itemDueDates.use.addWorkingDaysSql(routed.officeId, today, initial.deadlineDays) : null;
    const rts = rtsClock.startSql(routed.officeId, today, def.timelineDays);
    const first = joinStatements([
      {
        sql: `select o.number_prefix, to_char(${due?.sql ?? 'null::date'}, 'YYYY-MM-DD') as due_date, to_char(${rts.sql}, 'YYYY-MM-DD') as rts_due_date
          from office o where o.id = ?`,
        params: [...(due?.params ?? []), ...rts.params, routed.officeId],
      },
      takeNumbersSql('application', counterScope(version.serviceId, routed.officeId), year),
    ]);
    const [offices, counters] = await tx.query(first.sql, first.params);
    const office = offices![0]!;
    const serial = Number(counters![0]!.last_number);
    const referenceNumber = `${def.deliveredBy.referencePrefix}/${office.number_prefix}/${year}/${String(serial).padStart(6, '0')}`;
    const now = new Date();
    const applicantName = nameFrom(data, filing.name);
    const filer = filing.actor.postId;
    const rows = joinStatements([
      {
        sql: `insert into application (id, reference_number, service_id, service_version_id, office_id, subject, category, grading, priority,
            due_date, status, stage, channel, applicant_id, applicant_name, applicant_mobile, applicant_locale, filed_by_post_id,
            filed_by_user_id, data, area_id, origin_post_id, created_by_post_id, holder_post_id, held_since, rts_due_date, created_at, updated_at)
          values (?, ?, ?, ?, ?, ?, ?, 'normal', 'normal', ?::date, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::date, ?, ?)`,
        params: [
          id,
          referenceNumber,
          version.serviceId,
          version.id,
          routed.officeId,
          `${def.name.hi} / ${def.name.en} — ${applicantName}`,
          def.code,
          office.due_date,
          initial.code,
          filing.channel,
          filing.applicantId,
          applicantName,
          filing.mobile,
          filing.locale,
          filer,
          filer ? filing.actor.userId : null,
          data,
          routed.areaId,
          routed.postId,
          filer ?? routed.postId,
          routed.postId,
          now,
          office.rts_due_date,
          now,
          now,
        ],
      },
      {
        sql: `insert into application_step (id, application_id, seq, action, from_stage, to_stage, by_post_id, by_user_id, by_applicant, holder_post_id, at)
          values (?, ?, 1, 'submit', null, ?, ?, ?, ?, ?, ?)`,
        params: [randomUUID(), id, initial.code, filer, filer ? filing.actor.userId : null, !filer, routed.postId, now],
      },
      ...attachUploadsSql(id, uploads),
      grantSql(
        'appln',
        id,
        [{ post: routed.postId, readOnly: false }, ...(filer && filer !== routed.postId ? [{ post: filer, readOnly: true }] : [])],
        now,
      ),
    ]);
    tx.emit({
      type: 'application.submitted',
      applicationId: id,
      referenceNumber,
      service: def.code,
      holderPostId: routed.postId,
      filedByPostId: filer,
      channel: filing.channel,
      applicantId: filing.applicantId,
      mobile: filing.mobile,
      locale: filing.locale,
      serviceName: def.name,
      reach: routed.reach ?? null,
    });
    await tx.commit(rows.sql, rows.params);
    return { id, referenceNumber };
  });
}
