import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { istDate } from '../../shared/dates.js';
import { postRefs } from '../movement/index.js';
import { UserSchema } from '../org/index.js';
import { definitionOf, rtsView, stageName } from '../applications/index.js';
import { RtsAppealStepSchema, type AppealLevel, type RtsAppeal } from './rts.entity.js';
import { decideRefusal, replyRefusal } from './appeals.policy.js';
import type { AppealOut } from './rts.schemas.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** An appeal as staff see it, with what the viewer may do (`abilities`, from the same rules the actions enforce). */
export async function presentAppeal(em: EntityManager, actor: Actor, appeal: RtsAppeal): Promise<AppealOut> {
  const app = appeal.application.getEntity();
  if (!app.serviceVersion.isInitialized()) await em.populate(app, ['serviceVersion']);
  const def = definitionOf(app);
  const steps = await em.find(RtsAppealStepSchema, { appeal: appeal.id }, { orderBy: { seq: 'asc' } });
  const refs = await postRefs(em, [
    appeal.holderPost.id,
    appeal.designatedPost.id,
    ...(appeal.decidedByPost ? [appeal.decidedByPost.id] : []),
    ...steps.flatMap((s) => [s.holderPost.id, ...(s.byPost ? [s.byPost.id] : [])]),
  ]);
  const officer = appeal.penaltyUser ? await em.findOne(UserSchema, { id: appeal.penaltyUser.id }) : null;
  return {
    id: appeal.id,
    version: appeal.version,
    number: appeal.number,
    grounds: appeal.grounds,
    byApplicant: appeal.byApplicant,
    level: appeal.level,
    status: appeal.status,
    application: {
      id: app.id,
      referenceNumber: app.referenceNumber,
      service: { code: def.code, name: def.name },
      applicantName: app.applicantName,
      stageName: stageName(def, app.stage),
      status: app.status,
      filedAt: app.createdAt.toISOString(),
      rts: rtsView(app),
    },
    holder: refs.get(appeal.holderPost.id)!,
    designated: refs.get(appeal.designatedPost.id)!,
    missedOn: appeal.missedOn,
    filedAt: appeal.filedAt.toISOString(),
    levelSince: appeal.levelSince.toISOString(),
    dueDate: appeal.dueDate,
    overdue: appeal.status === 'pending' && appeal.dueDate < istDate(),
    grievance: appeal.grievance ?? null,
    reply: appeal.reply ?? null,
    repliedAt: iso(appeal.repliedAt),
    decision: appeal.decision ?? null,
    decidedAt: iso(appeal.decidedAt),
    decidedBy: appeal.decidedByPost ? (refs.get(appeal.decidedByPost.id) ?? null) : null,
    orderDays: appeal.orderDays ?? null,
    orderDueDate: appeal.orderDueDate ?? null,
    orderText: appeal.orderText ?? null,
    penalty:
      appeal.penaltyAmount != null
        ? {
            amount: appeal.penaltyAmount,
            reason: appeal.penaltyReason ?? '',
            officer: officer ? { name: { en: officer.nameEn, hi: officer.nameHi }, post: refs.get(appeal.designatedPost.id)! } : null,
          }
        : null,
    compensationAmount: appeal.compensationAmount ?? null,
    steps: steps.map((s) => ({
      kind: s.kind,
      level: s.level as AppealLevel,
      at: s.at.toISOString(),
      holder: refs.get(s.holderPost.id)!,
      by: s.byPost ? (refs.get(s.byPost.id) ?? null) : null,
      byApplicant: s.byApplicant,
      remarks: s.remarks ?? null,
    })),
    abilities: { decide: !decideRefusal(actor, appeal), reply: !replyRefusal(actor, appeal) },
  };
}
