import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { bi } from '../../shared/i18n.js';
import { istDate } from '../../shared/dates.js';
import { moveAbilities, moveFacts, postRefs, presentMovements, userRefs } from '../movement/index.js';
import type { ServiceDefinition } from '../services/index.js';
import { ApplicationStepSchema, ApplicationUploadSchema, type Application } from './applications.entity.js';
import { applicationStateRefusal, staffActionRefusal } from './applications.policy.js';
import type { ApplicationOut } from './applications.schemas.js';
import { rtsView } from './rts-clock.js';

export const definitionOf = (app: Application): ServiceDefinition => app.serviceVersion.getEntity().definition;
export const stageName = (def: ServiceDefinition, code: string) =>
  def.workflow.states.find((s) => s.code === code)?.name ?? { en: code, hi: code };
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function documentsOf(em: EntityManager, applicationId: string) {
  const ups = await em.find(ApplicationUploadSchema, { application: applicationId }, { orderBy: { createdAt: 'asc' } });
  return ups.map((u) => ({ id: u.id, field: u.field ?? null, name: u.name, mime: u.mime, size: u.size, pages: u.pages }));
}

/**
 * The application as staff on its chain see it (the caller checked they may): the form as filed, its
 * documents, every step with who acted and the station's findings, every level it has been at and for how
 * long, the workflow actions with `allowed` from the rule the action route enforces, and the moves.
 */
export async function presentApplication(em: EntityManager, actor: Actor, app: Application): Promise<ApplicationOut> {
  const def = definitionOf(app);
  const version = app.serviceVersion.getEntity();
  const [steps, history, documents] = await Promise.all([
    em.find(ApplicationStepSchema, { application: app.id }, { orderBy: { seq: 'asc' } }),
    presentMovements(em, 'appln', app.id, [app.holderPost.id, app.originPost.id]),
    documentsOf(em, app.id),
  ]);
  const refs = await postRefs(em, [
    app.holderPost.id,
    app.originPost.id,
    ...steps.flatMap((s) => [s.holderPost.id, ...(s.byPost ? [s.byPost.id] : [])]),
  ]);
  const users = await userRefs(
    em,
    steps.flatMap((s) => (s.byUser ? [s.byUser.id] : [])),
  );
  const holding = history.raw.filter((m) => m.kind !== 'copy');
  const starts = [{ post: app.originPost.id, at: app.createdAt }, ...holding.map((m) => ({ post: m.toPost.id, at: m.sentAt }))];
  const end = app.closedAt ?? null;
  const levels = starts.map((l, i) => {
    const until = starts[i + 1]?.at ?? end;
    return {
      post: refs.get(l.post)!,
      from: l.at.toISOString(),
      until: iso(until),
      seconds: Math.max(0, Math.round(((until ?? new Date()).getTime() - l.at.getTime()) / 1000)),
    };
  });
  const facts = { status: app.status, stage: app.stage, holderPostId: app.holderPost.id };
  const actionName = (code: string) => def.workflow.actions.find((a) => a.code === code)?.name ?? null;
  return {
    id: app.id,
    version: app.version,
    referenceNumber: app.referenceNumber,
    service: { code: def.code, name: def.name, version: version.number, category: def.category },
    status: app.status,
    stage: app.stage,
    stageName: stageName(def, app.stage),
    channel: app.channel,
    applicant: { name: app.applicantName, mobile: app.applicantMobile },
    data: app.data,
    holder: refs.get(app.holderPost.id)!,
    since: app.heldSince.toISOString(),
    dueDate: app.dueDate ?? null,
    overdue: !!app.dueDate && app.dueDate < istDate(),
    rts: rtsView(app),
    createdAt: app.createdAt.toISOString(),
    closedAt: iso(app.closedAt),
    validFrom: app.validFrom ?? null,
    validUntil: app.validUntil ?? null,
    rating: app.rating ?? null,
    feedback: app.feedback ?? null,
    documents,
    movements: history.movements,
    steps: steps.map((s) => ({
      seq: s.seq,
      action: s.action,
      actionName: s.action === 'submit' ? { en: 'Submitted', hi: 'प्रस्तुत' } : actionName(s.action),
      fromStage: s.fromStage ?? null,
      toStage: s.toStage,
      toStageName: stageName(def, s.toStage),
      at: s.at.toISOString(),
      by: s.byPost ? (refs.get(s.byPost.id) ?? null) : null,
      byUser: s.byUser ? { id: s.byUser.id, name: users.get(s.byUser.id)?.name ?? bi('', '') } : null,
      byApplicant: s.byApplicant,
      holder: refs.get(s.holderPost.id)!,
      reason: s.reason
        ? {
            value: s.reason,
            label:
              def.workflow.actions.find((a) => a.code === s.action)?.reasons?.find((r) => r.value === s.reason)?.label ??
              bi(s.reason, s.reason),
          }
        : null,
      remarks: s.remarks ?? null,
      report: s.report ?? null,
    })),
    levels,
    actions: def.workflow.actions
      .filter((a) => a.by !== 'applicant' && a.from.includes(app.stage))
      .map((a) => ({
        code: a.code,
        name: a.name,
        reasonRequired: a.reasonRequired,
        reasons: a.reasons ?? [],
        report: a.report,
        allowed: !staffActionRefusal(actor, facts, a),
      })),
    abilities: moveAbilities({ stateRefusal: applicationStateRefusal }, actor, moveFacts(app, history.lastMove)),
    form: def.form as unknown as Array<Record<string, unknown>>,
  };
}
