import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, fieldError } from '../../shared/app-error.js';
import { transact, type Deps, type Scope } from '../../shared/scope.js';
import { addDays, istDate } from '../../shared/dates.js';
import type { Actor } from '../../shared/actor.js';
import { joinStatements, lockRow, type Reader, type Statement } from '../../shared/persistence.js';
import { sqlTransaction, type SqlTx } from '../../shared/sql-transaction.js';
import { grantSql, itemDueDates, visibleSql, type SqlPart } from '../movement/index.js';
import type { ServiceDefinition } from '../services/index.js';
import { ApplicationSchema, type Application } from './applications.entity.js';
import type { Acted } from './applications.schemas.js';
import { applicantActionRefusal, feedbackRefusal, staffActionRefusal, type WorkflowAction } from './applications.policy.js';
import { servingPost, type Routed } from './route-application.js';
import { parseFormValues, type AddressValue } from './form-values.js';
import { definitionOf, presentApplication } from './applications.presenter.js';
import { filedVersion } from './submit-application.js';
import { presentPublicApplication } from './public-view.js';
import { rtsClock } from './rts-clock.js';
import { attachUploadsSql, checkUploads } from './application-uploads.js';

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

/**
 * An application as a decision reads it, under its row lock (plain SQL: deciding is the authority's hot
 * path): its state, clocks, holder (and the holder's office), and whether the actor may see it.
 */
export interface AppRow {
  id: string;
  referenceNumber: string;
  serviceVersionId: string;
  officeId: string;
  status: Application['status'];
  stage: string;
  holderPostId: string;
  holderOfficeId: string;
  originPostId: string;
  priority: string;
  dueDate: string | null;
  clockLeft: number | null;
  rtsDueDate: string | null;
  rtsDaysLeft: number | null;
  data: Record<string, unknown>;
  applicantId: string | null;
  applicantMobile: string;
  applicantLocale: 'hi' | 'en';
  version: number;
}

/** Locks the application (FOR UPDATE) and reads it, with `visible` from the access rule for `posts` (when given). */
async function lockApplication(read: Reader, id: string, posts?: readonly string[]) {
  const visible = posts ? visibleSql('a', 'appln', posts) : { sql: 'true', params: [] };
  const [r] = await read(
    `select a.id, a.reference_number, a.service_version_id, a.office_id, a.status, a.stage, a.holder_post_id, hp.office_id as holder_office_id,
            a.origin_post_id, a.priority, a.due_date::text as due_date, a.clock_left, a.rts_due_date::text as rts_due_date, a.rts_days_left,
            a.data, a.applicant_id, a.applicant_mobile, a.applicant_locale, a.version, ${visible.sql} as visible
       from application a join post hp on hp.id = a.holder_post_id
      where a.id = ? for update of a`,
    [...visible.params, id],
  );
  if (!r) return null;
  const row: AppRow = {
    id: r.id,
    referenceNumber: r.reference_number,
    serviceVersionId: r.service_version_id,
    officeId: r.office_id,
    status: r.status,
    stage: r.stage,
    holderPostId: r.holder_post_id,
    holderOfficeId: r.holder_office_id,
    originPostId: r.origin_post_id,
    priority: r.priority,
    dueDate: r.due_date ?? null,
    clockLeft: r.clock_left ?? null,
    rtsDueDate: r.rts_due_date ?? null,
    rtsDaysLeft: r.rts_days_left ?? null,
    data: r.data,
    applicantId: r.applicant_id ?? null,
    applicantMobile: r.applicant_mobile,
    applicantLocale: r.applicant_locale,
    version: r.version,
  };
  return { row, visible: Boolean(r.visible) };
}

/** Where the application goes after the action (`handTo`), or null when it stays with the acting post. */
async function nextHolder(read: Reader, app: AppRow, action: WorkflowAction): Promise<Routed | null> {
  if (!action.handTo) return null;
  if (action.handTo === 'origin') {
    const [post] = await read('select office_id from post where id = ?', [app.originPostId]);
    return { postId: app.originPostId, officeId: post!.office_id, areaId: null };
  }
  return servingPost(read, app.data[action.handTo.address] as AddressValue, action.handTo.role, ['data', action.handTo.address]);
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
 * goes back to the applicant and resumed when it returns — and the validity of an issued pass set. Plain
 * statements in few round trips: the working-day arithmetic in one query, the writes in one batch.
 */
async function transition(
  tx: SqlTx,
  actor: Actor,
  app: AppRow,
  def: ServiceDefinition,
  action: WorkflowAction,
  input: ActionInput,
  by: { postId: string | null; applicant: boolean },
  newData?: Record<string, unknown>,
  /** Writes of the caller's to send first (a resubmission's uploads attached). */
  extraWrites: Statement[] = [],
): Promise<Acted> {
  const to = def.workflow.states.find((s) => s.code === action.to)!;
  const now = new Date();
  const today = istDate();
  const from = app.holderPostId;
  const read = tx.read;
  const next = await nextHolder(read, app, action);
  const holderPost = next?.postId ?? from;
  const holderOffice = next?.officeId ?? app.holderOfficeId;
  const fromStage = app.stage;
  const dues = itemDueDates.use;
  const set: Record<string, unknown> = { stage: to.code };
  /** Columns whose values the calendars give (worked out by SQL, in one query below): column → expression. */
  const dated: Record<string, SqlPart> = {};

  if (to.withApplicant) {
    set.status = 'with_applicant';
    set.due_date = null;
    set.clock_left = null;
    if (app.dueDate) dated.clock_left = dues.workingDaysBetweenSql(holderOffice, today, app.dueDate);
    Object.assign(set, rtsClock.pause(app, today, dated));
  } else if (to.terminal) {
    set.status = 'closed';
    set.closed_at = now;
    set.due_date = null;
    set.parked_at = null;
    set.on_time = rtsClock.onTime(app, today);
    if (action.issuesDocument && def.output.validityDays) {
      const dateField = def.form.find((f) => f.type === 'date' && f.notBefore === 'today');
      const start =
        dateField && typeof app.data[dateField.key] === 'string' && (app.data[dateField.key] as string) > today
          ? (app.data[dateField.key] as string)
          : today;
      set.valid_from = start;
      set.valid_until = addDays(start, def.output.validityDays - 1);
    }
  } else {
    const resumed = fromStage && def.workflow.states.find((s) => s.code === fromStage)?.withApplicant && app.clockLeft != null;
    const days = resumed ? app.clockLeft! : to.deadlineDays;
    set.due_date = null;
    if (days != null) dated.due_date = dues.addWorkingDaysSql(holderOffice, today, days);
    set.clock_left = null;
    set.status = 'open';
    Object.assign(set, rtsClock.resume(app, today, dated));
  }
  Object.assign(set, await workedOut(read, dated));
  if (newData) set.data = newData;
  const statements: Statement[] = [];
  if (holderPost !== from) {
    Object.assign(set, { holder_post_id: holderPost, held_since: now, opened_at: null, parked_at: null });
    statements.push(
      {
        sql: `insert into movement (id, item_type, item_id, kind, from_post_id, to_post_id, sent_by_id, remarks, priority, due_date, sent_at)
          values (?, 'appln', ?, 'send', ?, ?, ?, ?, ?, ?::date, ?)`,
        params: [randomUUID(), app.id, from, holderPost, actor.userId, input.remarks ?? null, app.priority, set.due_date ?? null, now],
      },
      grantSql('appln', app.id, [{ post: holderPost, readOnly: false }], now),
    );
  } else if (fromStage !== to.code && set.status === 'open' && by.applicant) {
    Object.assign(set, { held_since: now, opened_at: null });
  }
  const columns = Object.keys(set);
  statements.unshift({
    sql: `update application set ${columns.map((c) => `${c} = ?${c === 'data' ? '::jsonb' : ''}`).join(', ')}, version = version + 1, updated_at = ? where id = ?
      returning version, status, stage, holder_post_id`,
    params: [...columns.map((c) => set[c]), now, app.id],
  });
  statements.push({
    sql: `insert into application_step (id, application_id, seq, action, from_stage, to_stage, by_post_id, by_user_id, by_applicant, holder_post_id, reason, remarks, report, at)
      values (?, ?, (select coalesce(max(seq), 0) + 1 from application_step where application_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)`,
    params: [
      randomUUID(),
      app.id,
      app.id,
      action.code,
      fromStage,
      to.code,
      by.postId,
      by.postId ? actor.userId : null,
      by.applicant,
      holderPost,
      input.reason ?? null,
      input.remarks ?? null,
      input.report ?? null,
      now,
    ],
  });
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
    applicantId: app.applicantId,
    validFrom: (set.valid_from as string | undefined) ?? null,
    validUntil: (set.valid_until as string | undefined) ?? null,
  });
  // the writes, the listeners' rows (the SMS, an issued pass and its signing job) and the audit rows, with COMMIT
  const all = joinStatements([...extraWrites, ...statements]);
  const updated = (await tx.commit(all.sql, all.params))[extraWrites.length]![0]!;
  return {
    id: app.id,
    referenceNumber: app.referenceNumber,
    version: updated.version,
    status: updated.status,
    stage: updated.stage,
    holderPostId: updated.holder_post_id,
  };
}

/** The values of calendar expressions (column → SQL), in one query: dates as YYYY-MM-DD, counts as numbers. */
async function workedOut(read: Reader, dated: Record<string, SqlPart>): Promise<Record<string, unknown>> {
  const keys = Object.keys(dated);
  if (!keys.length) return {};
  const [r] = await read(
    `select ${keys.map((k) => `(${dated[k]!.sql})::text as ${k}`).join(', ')}`,
    keys.flatMap((k) => dated[k]!.params),
  );
  return Object.fromEntries(keys.map((k) => [k, r![k] == null ? null : k.endsWith('_date') ? r![k] : Math.max(0, Number(r![k]))]));
}

/** The application changed since the user saw it: CONFLICT with its current state, told once the transaction is over. */
class Stale extends Error {}

/**
 * A staff member's workflow action (approve, reject, return for correction, forward, ask the station for
 * a report, submit the report, issue): checked by `staffActionRefusal` under the row lock, with the
 * version the user saw (a stale one is CONFLICT carrying the current application, as files do).
 */
export async function takeAction(scope: Scope, id: string, actionCode: string, input: ActionInput): Promise<Acted> {
  try {
    // a plain-SQL transaction: the lock travels with BEGIN, the writes, the listeners' rows and the audit rows with COMMIT
    return await sqlTransaction(scope, async (tx) => {
      const read = tx.read;
      const locked = await lockApplication(read, id, scope.actor.heldPostIds);
      if (!locked?.visible) throw new AppError('NOT_FOUND');
      const app = locked.row;
      if (app.version !== input.version) throw new Stale();
      const def = (await filedVersion(scope.em, read, app.serviceVersionId)).definition;
      const action = def.workflow.actions.find((a) => a.code === actionCode);
      const refusal = staffActionRefusal(scope.actor, { status: app.status, stage: app.stage, holderPostId: app.holderPostId }, action);
      if (refusal) throw refusal;
      checkInput(action!, input);
      return transition(tx, scope.actor, app, def, action!, input, { postId: scope.actor.postId, applicant: false });
    });
  } catch (err) {
    if (!(err instanceof Stale)) throw err;
    const em = scope.em.fork();
    const current = await em.findOneOrFail(ApplicationSchema, { id }, { populate: ['serviceVersion'] });
    throw new AppError('CONFLICT', {}, { current: await presentApplication(em, scope.actor, current) });
  }
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
  try {
    await sqlTransaction({ actor, em, deps }, async (tx) => {
      const locked = (await lockApplication(tx.read, found.id))!.row;
      if (locked.version !== input.version) throw new Stale();
      // the corrected form is what the transition reads (an address it routes by) and writes
      const app = { ...locked, data };
      const action = def.workflow.actions.find((a) => a.by === 'applicant' && a.from.includes(app.stage));
      const refusal = applicantActionRefusal({ status: app.status, stage: app.stage }, action);
      if (refusal) throw refusal;
      await transition(
        tx,
        actor,
        app,
        def,
        action!,
        { version: input.version },
        { postId: null, applicant: true },
        data,
        attachUploadsSql(app.id, uploads),
      );
    });
  } catch (err) {
    if (!(err instanceof Stale)) throw err;
    const fresh = em.fork();
    const current = await fresh.findOneOrFail(ApplicationSchema, { id: found.id }, { populate: ['serviceVersion'] });
    throw new AppError('CONFLICT', {}, { current: await presentPublicApplication(fresh, current) });
  }
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
