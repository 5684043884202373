import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/app-error.js';
import { transact, type Deps, type Scope } from '../../shared/scope.js';
import { nextNumber } from '../../shared/counter.js';
import { istDate } from '../../shared/dates.js';
import type { Actor } from '../../shared/actor.js';
import type { Locale } from '../../shared/i18n.js';
import { OfficeSchema } from '../org/index.js';
import { grant, itemDueDates } from '../movement/index.js';
import { ServiceVersionSchema, type ServiceDefinition } from '../services/index.js';
import { rtsClock } from './rts-clock.js';
import { ApplicationSchema, ApplicationStepSchema, type ApplicationChannel } from './applications.entity.js';
import { parseFormValues } from './form-values.js';
import { routeApplication } from './route-application.js';
import { attachUploads, checkUploads } from './application-uploads.js';

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
  const rows = await em.find(
    ApplicationSchema,
    { service: serviceId, applicantMobile: mobile, status: { $ne: 'closed' } },
    { orderBy: { createdAt: 'desc' }, limit: 20 },
  );
  return rows
    .filter((r) => !dateKeys.length || dateKeys.some((k) => data[k] !== undefined && r.data[k] === data[k]))
    .map((r) => ({ referenceNumber: r.referenceNumber, createdAt: r.createdAt.toISOString() }));
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
  return transact(scope, async (tx) => {
    const office = await tx.em.findOneOrFail(OfficeSchema, { id: routed.officeId });
    const year = Number(istDate().slice(0, 4));
    const serial = await nextNumber(tx.em, 'application', counterScope(version.serviceId, office.id), year);
    const referenceNumber = `${def.deliveredBy.referencePrefix}/${office.numberPrefix}/${year}/${String(serial).padStart(6, '0')}`;
    const initial = def.workflow.states.find((s) => s.code === def.workflow.initial)!;
    const dueDate = initial.deadlineDays ? await itemDueDates.use.addWorkingDays(tx.em, office.id, istDate(), initial.deadlineDays) : null;
    const rtsDueDate = await rtsClock.start(tx.em, office.id, istDate(), def.timelineDays);
    const now = new Date();
    const applicantName = nameFrom(data, filing.name);
    const filer = filing.actor.postId;
    tx.em.create(ApplicationSchema, {
      id,
      referenceNumber,
      service: version.serviceId,
      serviceVersion: version.id,
      office: office.id,
      subject: `${def.name.hi} / ${def.name.en} — ${applicantName}`,
      category: def.code,
      grading: 'normal',
      priority: 'normal',
      dueDate,
      status: 'open',
      stage: initial.code,
      channel: filing.channel,
      applicant: filing.applicantId,
      applicantName,
      applicantMobile: filing.mobile,
      applicantLocale: filing.locale,
      filedByPost: filer,
      filedByUser: filer ? filing.actor.userId : null,
      data,
      areaId: routed.areaId,
      originPost: routed.postId,
      createdByPost: filer ?? routed.postId,
      holderPost: routed.postId,
      heldSince: now,
      openedAt: null,
      parkedAt: null,
      closedAt: null,
      clockLeft: null,
      rtsDueDate,
      rtsDaysLeft: null,
      onTime: null,
      validFrom: null,
      validUntil: null,
      rating: null,
      feedback: null,
      createdAt: now,
      updatedAt: now,
    });
    tx.em.create(ApplicationStepSchema, {
      id: randomUUID(),
      application: id,
      seq: 1,
      action: 'submit',
      fromStage: null,
      toStage: initial.code,
      byPost: filer,
      byUser: filer ? filing.actor.userId : null,
      byApplicant: !filer,
      holderPost: routed.postId,
      reason: null,
      remarks: null,
      report: null,
      at: now,
    });
    await tx.em.flush();
    await attachUploads(tx.em, id, uploads);
    await grant(
      tx.em,
      'appln',
      id,
      [{ post: routed.postId, readOnly: false }, ...(filer && filer !== routed.postId ? [{ post: filer, readOnly: true }] : [])],
      now,
    );
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
    return { id, referenceNumber };
  });
}
