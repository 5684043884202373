import { z } from 'zod';
import { bilingual, id, isoDate, isoDateTime, pageQuery, paginated, postRef, text, version } from '../../shared/schemas.js';
import { APPEAL_DECISIONS, APPEAL_GROUNDS, APPEAL_STATUSES } from './rts.entity.js';

/**
 * The Right to Service API: appeals (staff and applicant) and the RTS dashboard. Amounts are whole
 * rupees; days are working days of the office concerned unless said otherwise.
 */
const level = z.int().min(1).max(3).describe('1 — First Appellate Authority, 2 — Second, 3 — the Commission');
const serviceRef = z.object({ code: z.string(), name: bilingual });
const rts = z.object({
  dueDate: isoDate.nullable(),
  paused: z.boolean(),
  daysLeft: z.int().nullable(),
  overdue: z.boolean(),
  onTime: z.boolean().nullable(),
});

export const appealParams = z.object({ id });
export const appealStep = z.object({
  kind: z.enum(['filed', 'escalated', 'replied', 'decided']),
  level,
  at: isoDateTime,
  holder: postRef,
  by: postRef.nullable(),
  byApplicant: z.boolean(),
  remarks: z.string().nullable(),
});

/** An appeal as staff see it (the holder, the designated officer, supervisors, the Commission: whoever may see its application). */
export const appealOut = z.object({
  id,
  version: z.int(),
  number: z.string(),
  grounds: z.enum(APPEAL_GROUNDS),
  byApplicant: z.boolean(),
  level,
  status: z.enum(APPEAL_STATUSES),
  application: z.object({
    id,
    referenceNumber: z.string(),
    service: serviceRef,
    applicantName: z.string(),
    stageName: bilingual,
    status: z.string(),
    filedAt: isoDateTime,
    rts,
  }),
  holder: postRef,
  designated: postRef,
  missedOn: isoDate.describe('the RTS due date that was missed, or the day of the rejection appealed'),
  filedAt: isoDateTime,
  levelSince: isoDateTime,
  dueDate: isoDate,
  overdue: z.boolean(),
  grievance: z.string().nullable(),
  reply: z.string().nullable(),
  repliedAt: isoDateTime.nullable(),
  decision: z.enum(APPEAL_DECISIONS).nullable(),
  decidedAt: isoDateTime.nullable(),
  decidedBy: postRef.nullable(),
  orderDays: z.int().nullable(),
  orderDueDate: isoDate.nullable(),
  orderText: z.string().nullable(),
  penalty: z
    .object({ amount: z.int(), reason: z.string(), officer: z.object({ name: bilingual, post: postRef }).nullable() })
    .nullable()
    .describe('recorded on the officer who held the designated post when the timeline was missed'),
  compensationAmount: z.int().nullable(),
  steps: z.array(appealStep),
  abilities: z.object({ decide: z.boolean(), reply: z.boolean() }),
});
export type AppealOut = z.infer<typeof appealOut>;

export const appealListItem = appealOut.pick({
  id: true,
  number: true,
  grounds: true,
  byApplicant: true,
  level: true,
  status: true,
  application: true,
  holder: true,
  designated: true,
  filedAt: true,
  dueDate: true,
  overdue: true,
  decision: true,
});
export const appealListQuery = pageQuery.extend({
  /** `held`: appeals with my post to decide; `designated`: appeals against my post; `all`: every appeal I may see. */
  box: z.enum(['held', 'designated', 'all']).default('held'),
  status: z.enum(APPEAL_STATUSES).optional(),
  level: z.coerce.number().int().min(1).max(3).optional(),
  applicationId: id.optional(),
});
export const appealListOut = paginated(appealListItem);

export const decideIn = z
  .strictObject({
    version,
    decision: z.enum(APPEAL_DECISIONS),
    /** order_delivery: within this many working days of the designated office. */
    orderDays: z.int().min(1).max(90).optional(),
    orderText: text(4000).optional(),
    penalty: z.strictObject({ amount: z.int().min(1).max(100_000), reason: text(2000).min(3) }).optional(),
    compensationAmount: z.int().min(1).max(100_000).optional(),
    remarks: text(4000).min(3),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'order_delivery' && !d.orderDays)
      ctx.addIssue({ code: 'custom', path: ['orderDays'], message: 'fields.orderDaysRequired' });
    if (d.decision === 'dismissed' && d.orderDays)
      ctx.addIssue({ code: 'custom', path: ['orderDays'], message: 'fields.orderDaysNotHere' });
  });
export type DecideIn = z.infer<typeof decideIn>;
export const replyIn = z.strictObject({ version, reply: text(4000).min(3) });

/** The applicant's view: the authority by designation and office, never an officer's name. */
const authority = z.object({ designation: bilingual, office: bilingual });
export const publicAppealOut = z.object({
  number: z.string(),
  grounds: z.enum(APPEAL_GROUNDS),
  byApplicant: z.boolean(),
  level,
  status: z.enum(APPEAL_STATUSES),
  authority,
  filedAt: isoDateTime,
  dueDate: isoDate,
  grievance: z.string().nullable(),
  decision: z.enum(APPEAL_DECISIONS).nullable(),
  decidedAt: isoDateTime.nullable(),
  orderDueDate: isoDate.nullable(),
  orderText: z.string().nullable(),
  compensationAmount: z.int().nullable(),
  timeline: z.array(z.object({ kind: appealStep.shape.kind, level, at: isoDateTime, authority })),
});
export const publicAppealsOut = z.object({
  items: z.array(publicAppealOut),
  /** The applicant may appeal the rejection now, until this date (inclusive); null when they may not. */
  mayAppealUntil: isoDate.nullable(),
});
export const publicAppealIn = z.strictObject({ grievance: text(4000).min(10) });
export const referenceParams = z.object({ ref: z.string().min(3).max(80) });
