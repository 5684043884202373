import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfficeSchema, PostSchema, UserSchema } from '../org/index.js';
import { ApplicationSchema } from '../applications/index.js';

/** Why an appeal was filed: the timeline passed without a decision (filed by the system), or the applicant appeals a rejection. */
export const APPEAL_GROUNDS = ['delay', 'rejection'] as const;
export type AppealGrounds = (typeof APPEAL_GROUNDS)[number];
/** 1 — the First Appellate Authority, 2 — the Second, 3 — the Right to Service Commission. */
export const APPEAL_LEVELS = [1, 2, 3] as const;
export type AppealLevel = (typeof APPEAL_LEVELS)[number];
export const APPEAL_STATUSES = ['pending', 'decided'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
/** An appellate order: deliver the service within N days (the appeal allowed), or the appeal dismissed. */
export const APPEAL_DECISIONS = ['order_delivery', 'dismissed'] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];

/**
 * A Right to Service appeal on an application: one per application and grounds. It is held by the
 * authority of its level and moves up — First Appellate Authority, Second, the Commission — when it is
 * not disposed of by its due date (working days of the holder's office). The designated officer (the
 * post the application was routed to) may reply; the authority decides, and may record a penalty on the
 * officer who held the designated post and compensation to the applicant.
 */
export const RtsAppealSchema = defineEntity({
  name: 'RtsAppeal',
  tableName: 'rts_appeal',
  uniques: [{ properties: ['application', 'grounds'] }],
  indexes: [
    {
      name: 'rts_appeal_pending_holder',
      expression: `create index "rts_appeal_pending_holder" on "rts_appeal" ("holder_post_id", "due_date") where status = 'pending'`,
    },
    {
      name: 'rts_appeal_pending_due',
      expression: `create index "rts_appeal_pending_due" on "rts_appeal" ("due_date") where status = 'pending'`,
    },
  ],
  properties: {
    id: p.uuid().primary(),
    application: () => p.manyToOne(ApplicationSchema).ref(),
    /** The appeal's own number, e.g. APL/PBT-DM/2026/000012. */
    number: p.string().length(80).unique(),
    grounds: p.string().length(10).$type<AppealGrounds>(),
    /** Filed by the system (a missed timeline) or by the applicant. */
    byApplicant: p.boolean(),
    level: p.smallint().$type<AppealLevel>(),
    status: p.string().length(10).$type<AppealStatus>(),
    holderPost: () => p.manyToOne(PostSchema).ref(),
    office: () => p.manyToOne(OfficeSchema).ref().index(),
    /** The designated officer's post: the one the application was routed to. */
    designatedPost: () => p.manyToOne(PostSchema).ref().index(),
    /** The RTS due date that was missed (delay), or the day of the rejection appealed. */
    missedOn: p.date(),
    filedAt: p.datetime(),
    /** When it reached its current level. */
    levelSince: p.datetime(),
    /** The current level's deadline (working days of the holder's office). */
    dueDate: p.date(),
    grievance: p.text().nullable(),
    reply: p.text().nullable(),
    repliedAt: p.datetime().nullable(),
    repliedByUser: () => p.manyToOne(UserSchema).ref().nullable(),
    decision: p.string().length(20).$type<AppealDecision>().nullable(),
    decidedAt: p.datetime().nullable(),
    decidedByPost: () => p.manyToOne(PostSchema).ref().nullable(),
    decidedByUser: () => p.manyToOne(UserSchema).ref().nullable(),
    /** Delivery ordered within this many days (working days of the designated office), by this date. */
    orderDays: p.integer().nullable(),
    orderDueDate: p.date().nullable(),
    orderText: p.text().nullable(),
    /** A penalty recorded on the officer who held the designated post, in rupees, with its reason. */
    penaltyAmount: p.integer().nullable(),
    penaltyReason: p.text().nullable(),
    penaltyUser: () => p.manyToOne(UserSchema).ref().nullable(),
    /** Compensation awarded to the applicant, in rupees. */
    compensationAmount: p.integer().nullable(),
    version: p.integer().version(),
  },
});
export type RtsAppeal = InferEntity<typeof RtsAppealSchema>;

/** One step of an appeal: filed, escalated to the next level, the designated officer's reply, decided. */
export const RtsAppealStepSchema = defineEntity({
  name: 'RtsAppealStep',
  tableName: 'rts_appeal_step',
  uniques: [{ properties: ['appeal', 'seq'] }],
  properties: {
    id: p.uuid().primary(),
    appeal: () => p.manyToOne(RtsAppealSchema).ref(),
    seq: p.integer(),
    kind: p.string().length(12).$type<'filed' | 'escalated' | 'replied' | 'decided'>(),
    level: p.smallint(),
    /** Who holds the appeal after the step. */
    holderPost: () => p.manyToOne(PostSchema).ref(),
    byPost: () => p.manyToOne(PostSchema).ref().nullable(),
    byUser: () => p.manyToOne(UserSchema).ref().nullable(),
    byApplicant: p.boolean().default(false),
    remarks: p.text().nullable(),
    at: p.datetime(),
  },
});
export type RtsAppealStep = InferEntity<typeof RtsAppealStepSchema>;

export const rtsEntities = [RtsAppealSchema, RtsAppealStepSchema];
