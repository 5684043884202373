import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, fieldError, invalidState } from '../../shared/app-error.js';
import { istDate } from '../../shared/dates.js';
import { loadForUpdate, lockRowOrFail } from '../../shared/persistence.js';
import { transact, type Deps, type Scope } from '../../shared/scope.js';
import { canSee, itemDueDates, postRefs, visibleSql } from '../movement/index.js';
import { ChargeSchema, loadOrg, PostSchema, UserSchema } from '../org/index.js';
import { ApplicationSchema, ApplicationStepSchema, definitionOf, outcomeOf, rtsView, type Application } from '../applications/index.js';
import { rtsTermsOf } from '../services/index.js';
import { RtsAppealSchema, RtsAppealStepSchema, type AppealLevel, type RtsAppeal } from './rts.entity.js';
import { applicantAppealRefusal, decideRefusal, loadVisibleAppeal, rejectionAppealUntil, replyRefusal } from './appeals.policy.js';
import { presentAppeal } from './appeals.presenter.js';
import { fileAppeals, type AppealTarget } from './file-appeals.js';
import type { DecideIn } from './rts.schemas.js';

const run = <R>(em: EntityManager, sql: string, params: unknown[] = []) =>
  em.getConnection().execute<R[]>(sql, params, 'all', em.getTransactionContext());

async function nextStep(em: EntityManager, appeal: RtsAppeal) {
  return (await em.count(RtsAppealStepSchema, { appeal: appeal.id })) + 1;
}

const eventBase = (appeal: RtsAppeal, app: Application) => ({
  appealId: appeal.id,
  number: appeal.number,
  applicationId: app.id,
  referenceNumber: app.referenceNumber,
  level: appeal.level,
  holderPostId: appeal.holderPost.id,
  designatedPostId: appeal.designatedPost.id,
  mobile: app.applicantMobile,
  locale: app.applicantLocale,
  serviceName: definitionOf(app).name,
});

/** Loads an appeal for a change from `version`, under its row lock: NOT_FOUND when invisible, CONFLICT with the current appeal when stale. */
async function lockForChange(em: EntityManager, actor: Actor, id: string, version: number) {
  const appeal = await loadForUpdate(
    em,
    RtsAppealSchema,
    id,
    version,
    async (a) => presentAppeal(em, actor, await em.populate(a, ['application', 'application.serviceVersion'])),
    (a) => canSee(em, actor, 'appln', { id: a.application.id }),
  );
  await em.populate(appeal, ['application', 'application.serviceVersion']);
  return appeal;
}

/** The user who held the designated post on the day the timeline was missed (a regular charge first). */
async function officerOn(em: EntityManager, postId: string, day: string): Promise<string | null> {
  const charges = await em.find(
    ChargeSchema,
    { post: postId, fromDate: { $lte: day }, $or: [{ toDate: null }, { toDate: { $gt: day } }] },
    { orderBy: { type: 'desc', fromDate: 'asc' } },
  );
  return charges[0]?.user.id ?? null;
}

/**
 * The appellate authority's decision, checked by `decideRefusal` under the row lock: an order to deliver
 * within N working days of the designated office (the application, if still pending, becomes most
 * immediate and due by then), or the appeal dismissed; a penalty on the officer who held the designated
 * post when the timeline was missed, and compensation to the applicant.
 */
export async function decideAppeal(scope: Scope, id: string, input: DecideIn) {
  await transact(scope, async (tx) => {
    const appeal = await lockForChange(tx.em, scope.actor, id, input.version);
    const refusal = decideRefusal(scope.actor, appeal);
    if (refusal) throw refusal;
    const now = new Date();
    const today = istDate(now);
    let app = appeal.application.getEntity();
    let orderDueDate: string | null = null;
    if (input.decision === 'order_delivery') {
      orderDueDate = await itemDueDates.use.addWorkingDays(tx.em, app.office.id, today, input.orderDays!);
      app = await lockRowOrFail(tx.em, ApplicationSchema, { id: app.id });
      await tx.em.populate(app, ['serviceVersion']);
      if (app.status === 'open') {
        app.priority = 'most_immediate';
        if (!app.dueDate || app.dueDate > orderDueDate) app.dueDate = orderDueDate;
      }
    }
    let penaltyUser: string | null = null;
    if (input.penalty) {
      penaltyUser = await officerOn(tx.em, appeal.designatedPost.id, appeal.missedOn);
      if (!penaltyUser) throw fieldError(['penalty'], 'no_officer', 'rts.officerNotHeld');
    }
    Object.assign(appeal, {
      status: 'decided',
      decision: input.decision,
      decidedAt: now,
      decidedByPost: tx.em.getReference(PostSchema, scope.actor.postId!),
      decidedByUser: tx.em.getReference(UserSchema, scope.actor.userId),
      orderDays: input.orderDays ?? null,
      orderDueDate,
      orderText: input.orderText ?? null,
      penaltyAmount: input.penalty?.amount ?? null,
      penaltyReason: input.penalty?.reason ?? null,
      penaltyUser: penaltyUser ? tx.em.getReference(UserSchema, penaltyUser) : null,
      compensationAmount: input.compensationAmount ?? null,
    });
    tx.em.create(RtsAppealStepSchema, {
      id: randomUUID(),
      appeal: appeal.id,
      seq: await nextStep(tx.em, appeal),
      kind: 'decided',
      level: appeal.level,
      holderPost: appeal.holderPost.id,
      byPost: scope.actor.postId,
      byUser: scope.actor.userId,
      byApplicant: false,
      remarks: input.remarks,
      at: now,
    });
    await tx.em.flush();
    tx.emit({
      type: 'rts.appeal-decided',
      ...eventBase(appeal, app),
      decision: input.decision,
      orderDueDate,
      penaltyAmount: input.penalty?.amount ?? null,
      penaltyUserId: penaltyUser,
      compensationAmount: input.compensationAmount ?? null,
    });
  });
  const em = scope.em.fork();
  return presentAppeal(em, scope.actor, await loadVisibleAppeal(em, scope.actor, id));
}

/** The designated officer's reply to the appeal (why the timeline was missed), while it is pending; a later reply replaces it. */
export async function replyToAppeal(scope: Scope, id: string, input: { version: number; reply: string }) {
  await transact(scope, async (tx) => {
    const appeal = await lockForChange(tx.em, scope.actor, id, input.version);
    const refusal = replyRefusal(scope.actor, appeal);
    if (refusal) throw refusal;
    const now = new Date();
    appeal.reply = input.reply;
    appeal.repliedAt = now;
    appeal.repliedByUser = tx.em.getReference(UserSchema, scope.actor.userId) as never;
    tx.em.create(RtsAppealStepSchema, {
      id: randomUUID(),
      appeal: appeal.id,
      seq: await nextStep(tx.em, appeal),
      kind: 'replied',
      level: appeal.level,
      holderPost: appeal.holderPost.id,
      byPost: scope.actor.postId,
      byUser: scope.actor.userId,
      byApplicant: false,
      remarks: input.reply,
      at: now,
    });
    await tx.em.flush();
    tx.emit({ type: 'rts.appeal-replied', ...eventBase(appeal, appeal.application.getEntity()) });
  });
  const em = scope.em.fork();
  return presentAppeal(em, scope.actor, await loadVisibleAppeal(em, scope.actor, id));
}

/**
 * Appeals a post works with: `held` — to decide (holder), `designated` — against the post, `all` — every
 * appeal whose application the post may see. Pending first, the nearest deadline first.
 */
export async function listAppeals(
  em: EntityManager,
  actor: Actor,
  q: {
    box: 'held' | 'designated' | 'all';
    status?: string | undefined;
    level?: number | undefined;
    applicationId?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (q.box === 'held') add('r.holder_post_id = ?', actor.postId);
  else if (q.box === 'designated') add('r.designated_post_id = ?', actor.postId);
  else {
    const rule = visibleSql('a', 'appln', actor.heldPostIds);
    add(rule.sql, ...rule.params);
  }
  if (q.status) add('r.status = ?', q.status);
  if (q.level) add('r.level = ?', q.level);
  if (q.applicationId) add('r.application_id = ?', q.applicationId);
  const from = `from rts_appeal r join application a on a.id = r.application_id where ${where.join(' and ')}`;
  const [{ n }] = (await run<{ n: string }>(em, `select count(*) as n ${from}`, params)) as [{ n: string }];
  const ids = await run<{ id: string }>(
    em,
    `select r.id ${from} order by (r.status = 'pending') desc, r.due_date, r.filed_at limit ? offset ?`,
    [...params, q.pageSize, (q.page - 1) * q.pageSize],
  );
  const appeals = ids.length
    ? await em.find(RtsAppealSchema, { id: { $in: ids.map((r) => r.id) } }, { populate: ['application', 'application.serviceVersion'] })
    : [];
  const byId = new Map(appeals.map((a) => [a.id, a]));
  const refs = await postRefs(
    em,
    appeals.flatMap((a) => [a.holderPost.id, a.designatedPost.id]),
  );
  const today = istDate();
  return {
    items: ids.map(({ id }) => {
      const a = byId.get(id)!;
      const app = a.application.getEntity();
      const def = definitionOf(app);
      return {
        id: a.id,
        number: a.number,
        grounds: a.grounds,
        byApplicant: a.byApplicant,
        level: a.level,
        status: a.status,
        application: {
          id: app.id,
          referenceNumber: app.referenceNumber,
          service: { code: def.code, name: def.name },
          applicantName: app.applicantName,
          stageName: def.workflow.states.find((s) => s.code === app.stage)?.name ?? { en: app.stage, hi: app.stage },
          status: app.status,
          filedAt: app.createdAt.toISOString(),
          rts: rtsView(app, today),
        },
        holder: refs.get(a.holderPost.id)!,
        designated: refs.get(a.designatedPost.id)!,
        filedAt: a.filedAt.toISOString(),
        dueDate: a.dueDate,
        overdue: a.status === 'pending' && a.dueDate < today,
        decision: a.decision ?? null,
      };
    }),
    total: Number(n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ------------------------------------------------------------------------------------------ the applicant

/** The applicant's own application by reference number, else NOT_FOUND; with whether it was rejected (its last step's outcome). */
async function ownApplication(em: EntityManager, applicantId: string, ref: string) {
  const app = await em.findOne(ApplicationSchema, { referenceNumber: ref, applicant: applicantId }, { populate: ['serviceVersion'] });
  if (!app) throw new AppError('NOT_FOUND');
  const def = definitionOf(app);
  const [last] = await em.find(ApplicationStepSchema, { application: app.id }, { orderBy: { seq: 'desc' }, limit: 1 });
  const action = last && !last.byApplicant ? def.workflow.actions.find((a) => a.code === last.action) : undefined;
  const rejected = !!action && outcomeOf(def, action) === 'rejected';
  return { app, def, until: rejectionAppealUntil(def, app, rejected) };
}

/** The appeals on an applicant's application, as they see them (authorities by designation and office), and until when they may appeal a rejection. */
export async function myAppeals(em: EntityManager, applicantId: string, ref: string) {
  const { app, until } = await ownApplication(em, applicantId, ref);
  const appeals = await em.find(RtsAppealSchema, { application: app.id }, { orderBy: { filedAt: 'asc' } });
  const steps = appeals.length
    ? await em.find(RtsAppealStepSchema, { appeal: { $in: appeals.map((a) => a.id) } }, { orderBy: { seq: 'asc' } })
    : [];
  const refs = await postRefs(em, [...appeals.map((a) => a.holderPost.id), ...steps.map((s) => s.holderPost.id)]);
  const authority = (postId: string) => {
    const r = refs.get(postId)!;
    return { designation: r.designation, office: r.officeName };
  };
  const mayAppeal = !applicantAppealRefusal(
    until,
    appeals.some((a) => a.grounds === 'rejection'),
  );
  return {
    items: appeals.map((a) => ({
      number: a.number,
      grounds: a.grounds,
      byApplicant: a.byApplicant,
      level: a.level,
      status: a.status,
      authority: authority(a.holderPost.id),
      filedAt: a.filedAt.toISOString(),
      dueDate: a.dueDate,
      grievance: a.grievance ?? null,
      decision: a.decision ?? null,
      decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
      orderDueDate: a.orderDueDate ?? null,
      orderText: a.orderText ?? null,
      compensationAmount: a.compensationAmount ?? null,
      timeline: steps
        .filter((s) => s.appeal.id === a.id && s.kind !== 'replied')
        .map((s) => ({ kind: s.kind, level: s.level as AppealLevel, at: s.at.toISOString(), authority: authority(s.holderPost.id) })),
    })),
    mayAppealUntil: mayAppeal ? until : null,
  };
}

/** The applicant appeals the rejection of their application (checked by `applicantAppealRefusal` under the application's row lock). */
export async function appealRejection(deps: Deps, em: EntityManager, actor: Actor, applicantId: string, ref: string, grievance: string) {
  const { app } = await ownApplication(em, applicantId, ref);
  const scope: Scope = { actor, em, deps };
  await transact(scope, async (tx) => {
    await lockRowOrFail(tx.em, ApplicationSchema, { id: app.id });
    const { until } = await ownApplication(tx.em, applicantId, ref);
    const appealed = (await tx.em.count(RtsAppealSchema, { application: app.id, grounds: 'rejection' })) > 0;
    const refusal = applicantAppealRefusal(until, appealed);
    if (refusal) throw refusal;
    const target: AppealTarget = {
      applicationId: app.id,
      referenceNumber: app.referenceNumber,
      designatedPostId: app.originPost.id,
      areaId: app.areaId ?? null,
      terms: rtsTermsOf(definitionOf(app)),
      serviceName: definitionOf(app).name,
      mobile: app.applicantMobile,
      locale: app.applicantLocale,
    };
    const filed = await fileAppeals(tx, await loadOrg(tx.em), [target], {
      grounds: 'rejection',
      byApplicant: true,
      missedOn: () => istDate(app.closedAt!),
      grievance,
      now: new Date(),
    });
    if (!filed.size) throw invalidState('noAppellateAuthority');
  });
  const mine = await myAppeals(em.fork(), applicantId, ref);
  return mine.items.find((a) => a.grounds === 'rejection')!;
}
