import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, fieldError } from '../../shared/app-error.js';
import { transact, type Deps, type Scope, type Tx } from '../../shared/scope.js';
import { addDays, istDate } from '../../shared/dates.js';
import type { Actor } from '../../shared/actor.js';
import { loadForUpdate, lockRow } from '../../shared/persistence.js';
import { PostSchema } from '../org/index.js';
import { canSee, grant, itemDueDates, MovementSchema } from '../movement/index.js';
import type { ServiceDefinition } from '../services/index.js';
import { ApplicationSchema, ApplicationStepSchema, type Application } from './applications.entity.js';
import { applicantActionRefusal, feedbackRefusal, staffActionRefusal, type WorkflowAction } from './applications.policy.js';
import { servingPost, type Routed } from './route-application.js';
import { parseFormValues, type AddressValue } from './form-values.js';
import { definitionOf, presentApplication } from './applications.presenter.js';
import { presentPublicApplication } from './public-view.js';
import { rtsClock } from './rts-clock.js';
import { attachUploads, checkUploads } from './application-uploads.js';

export interface ActionInput {
  version: number;
  reason?: string | undefined;
  remarks?: string | undefined;
  report?: Record<string, unknown> | undefined;
}

/** The outcome an applicant is told about: approved (a document issued), rejected, returned for correction; else none. */
export function outcomeOf(def: ServiceDefinition, action: WorkflowAction): 'approved' | 'rejected' | 'returned' | null {
  const to = def.workflow.states.find((s) => s.code === action.to)!;
  if (to.withApplicant) return 'returned';
  if (!to.terminal) return null;
  return action.issuesDocument ? 'approved' : 'rejected';
}

/** Where the application goes after the action (`handTo`), or null when it stays with the acting post. */
async function nextHolder(em: EntityManager, app: Application, action: WorkflowAction): Promise<Routed | null> {
  if (!action.handTo) return null;
  if (action.handTo === 'origin') {
    const post = await em.findOneOrFail(PostSchema, { id: app.originPost.id });
    return { postId: post.id, officeId: post.office.id, areaId: null };
  }
  return servingPost(em, app.data[action.handTo.address] as AddressValue, action.handTo.role, ['data', action.handTo.address]);
}

/** Reason and report as the action asks: a reason from its list (or remarks in words) when required; a report exactly when it records one. */
function checkInput(action: WorkflowAction, input: ActionInput) {
  if (action.reasonRequired) {
    if (action.reasons?.length) {
      if (!input.reason || !action.reasons.some((r) => r.value === input.reason))
        throw fieldError(['reason'], 'required', 'fields.reasonFromList');
      if (input.reason === 'other' && !input.remarks) throw fieldError(['remarks'], 'required', 'fields.reasonInWords');
    } else if (!input.remarks) throw fieldError(['remarks'], 'required', 'fields.reasonInWords');
  } else if (input.reason && !action.reasons?.some((r) => r.value === input.reason))
    throw fieldError(['reason'], 'invalid_value', 'fields.reasonFromList');
  if (action.report && !input.report) throw fieldError(['report'], 'required', 'fields.reportRequired');
  if (!action.report && input.report) throw fieldError(['report'], 'invalid_value', 'fields.reportNotHere');
}

/**
 * Moves the application to the action's state, in the caller's transaction, under its row lock: the
 * step recorded, the holder changed (a movement row, access granted) when the action hands it on, the
 * deadline of the new state set on the new holder's calendar — paused (working days left kept) when it
 * goes back to the applicant and resumed when it returns — and the validity of an issued pass set.
 */
async function transition(
  tx: Tx,
  actor: Actor,
  app: Application,
  action: WorkflowAction,
  input: ActionInput,
  by: { postId: string | null; applicant: boolean },
) {
  const def = definitionOf(app);
  const to = def.workflow.states.find((s) => s.code === action.to)!;
  const now = new Date();
  const today = istDate();
  const from = app.holderPost.id;
  const next = await nextHolder(tx.em, app, action);
  const holderPost = next?.postId ?? from;
  const holderOffice = next?.officeId ?? (await tx.em.findOneOrFail(PostSchema, { id: holderPost })).office.id;
  const fromStage = app.stage;
  const dues = itemDueDates.use;

  if (to.withApplicant) {
    app.clockLeft = app.dueDate ? Math.max(0, await dues.workingDaysBetween(tx.em, holderOffice, today, app.dueDate)) : null;
    app.dueDate = null;
    app.status = 'with_applicant';
    await rtsClock.pause(tx.em, app, today);
  } else if (to.terminal) {
    app.status = 'closed';
    app.closedAt = now;
    app.dueDate = null;
    rtsClock.stop(app, today);
    app.parkedAt = null;
    if (action.issuesDocument && def.output.validityDays) {
      const dateField = def.form.find((f) => f.type === 'date' && f.notBefore === 'today');
      const start =
        dateField && typeof app.data[dateField.key] === 'string' && (app.data[dateField.key] as string) > today
          ? (app.data[dateField.key] as string)
          : today;
      app.validFrom = start;
      app.validUntil = addDays(start, def.output.validityDays - 1);
    }
  } else {
    const resumed = fromStage && def.workflow.states.find((s) => s.code === fromStage)?.withApplicant && app.clockLeft != null;
    const days = resumed ? app.clockLeft! : to.deadlineDays;
    app.dueDate = days != null ? await dues.addWorkingDays(tx.em, holderOffice, today, days) : null;
    app.clockLeft = null;
    app.status = 'open';
    await rtsClock.resume(tx.em, app, today);
  }
  app.stage = to.code;
  if (holderPost !== from) {
    app.holderPost = tx.em.getReference(PostSchema, holderPost) as never;
    app.heldSince = now;
    app.openedAt = null;
    app.parkedAt = null;
    tx.em.create(MovementSchema, {
      id: randomUUID(),
      itemType: 'appln',
      itemId: app.id,
      kind: 'send',
      fromPost: from,
      toPost: holderPost,
      sentBy: actor.userId,
      remarks: input.remarks ?? null,
      priority: app.priority,
      dueDate: app.dueDate ?? null,
      sentAt: now,
      openedAt: null,
      openedBy: null,
    });
    await grant(tx.em, 'appln', app.id, [{ post: holderPost, readOnly: false }], now);
  } else if (fromStage !== to.code && app.status === 'open' && by.applicant) {
    app.heldSince = now;
    app.openedAt = null;
  }
  const seq = (await tx.em.count(ApplicationStepSchema, { application: app.id })) + 1;
  tx.em.create(ApplicationStepSchema, {
    id: randomUUID(),
    application: app.id,
    seq,
    action: action.code,
    fromStage,
    toStage: to.code,
    byPost: by.postId,
    byUser: by.postId ? actor.userId : null,
    byApplicant: by.applicant,
    holderPost,
    reason: input.reason ?? null,
    remarks: input.remarks ?? null,
    report: input.report ?? null,
    at: now,
  });
  await tx.em.flush();
  const reason = action.reasons?.find((r) => r.value === input.reason)?.label ?? null;
  tx.emit({
    type: 'application.acted',
    applicationId: app.id,
    referenceNumber: app.referenceNumber,
    action: action.code,
    fromStage,
    toStage: to.code,
    from,
    to: holderPost,
    outcome: outcomeOf(def, action),
    byApplicant: by.applicant,
    mobile: app.applicantMobile,
    locale: app.applicantLocale,
    serviceName: def.name,
    reason,
    remarks: input.remarks ?? null,
    applicantId: app.applicant?.id ?? null,
  });
}

/** Loads the application for a change from `version`, under its row lock: NOT_FOUND when invisible to the actor, CONFLICT (with the current state) when it moved on. */
async function lockForAction(em: EntityManager, actor: Actor, id: string, version: number) {
  const app = await loadForUpdate(
    em,
    ApplicationSchema,
    id,
    version,
    async (a) => presentApplication(em, actor, await em.populate(a, ['serviceVersion'])),
    (a) => canSee(em, actor, 'appln', a),
  );
  await em.populate(app, ['serviceVersion']);
  return app;
}

/**
 * A staff member's workflow action (approve, reject, return for correction, forward, ask the station for
 * a report, submit the report, issue): checked by `staffActionRefusal` under the row lock, with the
 * version the user saw (a stale one is CONFLICT carrying the current application, as files do).
 */
export async function actOnApplication(scope: Scope, id: string, actionCode: string, input: ActionInput) {
  await takeAction(scope, id, actionCode, input);
  const em = scope.em.fork();
  const app = await em.findOneOrFail(ApplicationSchema, { id }, { populate: ['serviceVersion'] });
  return presentApplication(em, scope.actor, app);
}

/** The action alone (bulk decisions present nothing per application): answers the reference number. */
export async function takeAction(scope: Scope, id: string, actionCode: string, input: ActionInput): Promise<string> {
  return transact(scope, async (tx) => {
    const app = await lockForAction(tx.em, scope.actor, id, input.version);
    const action = definitionOf(app).workflow.actions.find((a) => a.code === actionCode);
    const refusal = staffActionRefusal(scope.actor, { status: app.status, stage: app.stage, holderPostId: app.holderPost.id }, action);
    if (refusal) throw refusal;
    checkInput(action!, input);
    await transition(tx, scope.actor, app, action!, input, { postId: scope.actor.postId, applicant: false });
    return app.referenceNumber;
  });
}

/**
 * The applicant resubmits an application returned for correction: the corrected form is checked
 * against the version it was filed under, and the authority's clock resumes where it stopped.
 */
export async function resubmitApplication(
  deps: Deps,
  em: EntityManager,
  actor: Actor,
  applicantId: string,
  ref: string,
  input: { version: number; data: Record<string, unknown> },
) {
  const found = await em.findOne(ApplicationSchema, { referenceNumber: ref, applicant: applicantId }, { populate: ['serviceVersion'] });
  if (!found) throw new AppError('NOT_FOUND');
  const def = definitionOf(found);
  const data = parseFormValues(def, input.data, actor.locale);
  // an upload kept from before is already this application's; a new one must be the applicant's own and unattached
  const kept = Object.fromEntries(
    def.form.filter((f) => f.type === 'upload' && data[f.key] === found.data[f.key]).map((f) => [f.key, data[f.key]]),
  );
  const uploads = await checkUploads(em, { form: def.form.filter((f) => !(f.key in kept)) }, data, { applicantId, postId: null });
  await transact({ actor, em, deps }, async (tx) => {
    const app = await loadForUpdate(tx.em, ApplicationSchema, found.id, input.version, async (a) =>
      presentPublicApplication(tx.em, await tx.em.populate(a, ['serviceVersion'])),
    );
    await tx.em.populate(app, ['serviceVersion']);
    const action = def.workflow.actions.find((a) => a.by === 'applicant' && a.from.includes(app.stage));
    const refusal = applicantActionRefusal({ status: app.status, stage: app.stage }, action);
    if (refusal) throw refusal;
    app.data = data;
    await attachUploads(tx.em, app.id, uploads);
    await transition(tx, actor, app, action!, { version: input.version }, { postId: null, applicant: true });
  });
  const fresh = em.fork();
  return presentPublicApplication(fresh, await fresh.findOneOrFail(ApplicationSchema, { id: found.id }, { populate: ['serviceVersion'] }));
}

/** The applicant's rating (1–5) and comment once the application is disposed of, given once. */
export async function rateApplication(
  deps: Deps,
  em: EntityManager,
  actor: Actor,
  applicantId: string,
  ref: string,
  input: { rating: number; comment?: string | undefined },
) {
  await transact({ actor, em, deps }, async (tx) => {
    const app = await lockRow(tx.em, ApplicationSchema, { referenceNumber: ref, applicant: applicantId });
    if (!app) throw new AppError('NOT_FOUND');
    const refusal = feedbackRefusal(app);
    if (refusal) throw refusal;
    app.rating = input.rating;
    app.feedback = input.comment ?? null;
    await tx.em.flush();
    tx.emit({
      type: 'application.rated',
      applicationId: app.id,
      referenceNumber: app.referenceNumber,
      rating: input.rating,
      holderPostId: app.holderPost.id,
    });
  });
}
