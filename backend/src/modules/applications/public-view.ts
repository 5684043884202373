import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/app-error.js';
import { bi } from '../../shared/i18n.js';
import { OfficeSchema, PostSchema } from '../org/index.js';
import { ApplicationSchema, ApplicationStepSchema, type Application } from './applications.entity.js';
import { definitionOf, documentsOf, stageName } from './applications.presenter.js';
import { feedbackRefusal } from './applications.policy.js';
import { rtsView } from './rts-clock.js';
import { readerOf } from '../../shared/persistence.js';
import { filedVersion } from './submit-application.js';
import type { PublicApplicationOut } from './applications.schemas.js';

/** Posts as the public sees them: the authority's designation and office, never an officer's name (UP e-pass). */
async function authorities(em: EntityManager, ids: string[]) {
  const posts = ids.length ? await em.find(PostSchema, { id: { $in: [...new Set(ids)] } }) : [];
  const offices = new Map(
    (posts.length ? await em.find(OfficeSchema, { id: { $in: [...new Set(posts.map((p) => p.office.id))] } }) : []).map((o) => [o.id, o]),
  );
  return new Map(
    posts.map((p) => {
      const o = offices.get(p.office.id)!;
      return [p.id, { designation: bi(p.designationEn, p.designationHi), office: bi(o.nameEn, o.nameHi) }] as const;
    }),
  );
}

/**
 * An application as its applicant sees it: the form as filed, where it is (the authority, not the
 * person), a timeline of its states with the reason of a return or rejection, its documents; never a
 * station's findings or the remarks passed between offices.
 */
export async function presentPublicApplication(em: EntityManager, app: Application): Promise<PublicApplicationOut> {
  const def = definitionOf(app);
  const steps = await em.find(ApplicationStepSchema, { application: app.id }, { orderBy: { seq: 'asc' } });
  const auth = await authorities(em, [app.holderPost.id, ...steps.flatMap((s) => (s.byPost ? [s.byPost.id] : []))]);
  const toApplicant = (stage: string) => {
    const s = def.workflow.states.find((x) => x.code === stage);
    return !!(s?.terminal || s?.withApplicant);
  };
  return {
    id: app.id,
    version: app.version,
    referenceNumber: app.referenceNumber,
    service: { code: def.code, name: def.name, version: app.serviceVersion.getEntity().number, category: def.category },
    status: app.status,
    stage: app.stage,
    stageName: stageName(def, app.stage),
    channel: app.channel,
    data: app.data,
    authority: auth.get(app.holderPost.id)!,
    createdAt: app.createdAt.toISOString(),
    closedAt: app.closedAt ? app.closedAt.toISOString() : null,
    dueDate: app.dueDate ?? null,
    rts: rtsView(app),
    validFrom: app.validFrom ?? null,
    validUntil: app.validUntil ?? null,
    rating: app.rating ?? null,
    timeline: steps.map((s) => {
      const action = def.workflow.actions.find((a) => a.code === s.action);
      const told = toApplicant(s.toStage);
      return {
        at: s.at.toISOString(),
        stageName: stageName(def, s.toStage),
        actionName: s.action === 'submit' ? bi('Submitted', 'प्रस्तुत') : (action?.name ?? null),
        authority: s.byPost ? (auth.get(s.byPost.id) ?? null) : null,
        reason: told && s.reason ? (action?.reasons?.find((r) => r.value === s.reason)?.label ?? null) : null,
        remarks: told ? (s.remarks ?? null) : null,
      };
    }),
    documents: await documentsOf(em, app.id),
    mayResubmit: app.status === 'with_applicant',
    mayRate: !feedbackRefusal(app),
    form: def.form as unknown as Array<Record<string, unknown>>,
  };
}

/** The applicant's own application by its reference number; anyone else's (or none) is NOT_FOUND. */
export async function myApplication(em: EntityManager, applicantId: string, ref: string) {
  const app = await em.findOne(ApplicationSchema, { referenceNumber: ref, applicant: applicantId }, { populate: ['serviceVersion'] });
  if (!app) throw new AppError('NOT_FOUND');
  return presentPublicApplication(em, app);
}

/** "My applications": the applicant's own, newest first. */
export async function myApplications(em: EntityManager, applicantId: string, q: { page: number; pageSize: number }) {
  const [apps, total] = await em.findAndCount(
    ApplicationSchema,
    { applicant: applicantId },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize, populate: ['serviceVersion'] },
  );
  const auth = await authorities(
    em,
    apps.map((a) => a.holderPost.id),
  );
  return {
    items: apps.map((a) => {
      const def = definitionOf(a);
      return {
        id: a.id,
        referenceNumber: a.referenceNumber,
        service: { code: def.code, name: def.name, version: a.serviceVersion.getEntity().number, category: def.category },
        status: a.status,
        stage: a.stage,
        stageName: stageName(def, a.stage),
        channel: a.channel,
        createdAt: a.createdAt.toISOString(),
        dueDate: a.dueDate ?? null,
        rts: rtsView(a),
        authority: auth.get(a.holderPost.id)!,
      };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The public status lookup by reference number (no sign-in): where it stands and with which authority —
 * no personal details, which show only to the applicant signed in with the OTP sent to their mobile.
 */
export async function publicStatus(em: EntityManager, ref: string) {
  // one plain query and the version from the process's cache: anyone may ask, hundreds of times a second
  const [app] = await em.getConnection().execute<Array<Record<string, any>>>(
    `select a.reference_number, a.service_version_id, a.status, a.stage, a.created_at, a.due_date::text as due_date, a.rts_due_date::text as rts_due_date,
            a.rts_days_left, a.on_time, a.closed_at, a.valid_until::text as valid_until, a.applicant_mobile,
            p.designation_en, p.designation_hi, o.name_en, o.name_hi
       from application a join post p on p.id = a.holder_post_id join office o on o.id = p.office_id
      where a.reference_number = ?`,
    [ref],
  );
  if (!app) throw new AppError('NOT_FOUND');
  const def = (await filedVersion(em, readerOf(em), app.service_version_id)).definition;
  return {
    referenceNumber: app.reference_number as string,
    service: { code: def.code, name: def.name },
    status: app.status as Application['status'],
    stage: app.stage as string,
    stageName: stageName(def, app.stage),
    authority: { designation: bi(app.designation_en, app.designation_hi), office: bi(app.name_en, app.name_hi) },
    createdAt: new Date(app.created_at).toISOString(),
    dueDate: (app.due_date as string | null) ?? null,
    rts: rtsView({
      status: app.status,
      rtsDueDate: app.rts_due_date ?? null,
      rtsDaysLeft: app.rts_days_left ?? null,
      onTime: app.on_time ?? null,
    }),
    closedAt: app.closed_at ? new Date(app.closed_at).toISOString() : null,
    validUntil: (app.valid_until as string | null) ?? null,
    mobile: `${'*'.repeat(6)}${(app.applicant_mobile as string).slice(-4)}`,
  };
}
