import { z } from 'zod';
import { bilingual, id, isoDate, isoDateTime, pageQuery, paginated, postRef } from '../../../shared/schemas.js';

/**
 * The RTS dashboard's requests and responses. Periods are whole months (India time): the figures come
 * from monthly tallies. Percentages are 0–100 with two decimals, null when their denominator is 0;
 * days are calendar days from filing to disposal.
 */
export const MAX_MONTHS = 60;
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'fields.rtsMonth')
  .describe('a month, YYYY-MM (India time)');
const serviceCode = z.string().regex(/^[A-Z][A-Z0-9-]{1,19}$/, 'fields.serviceCode');

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const period = <T extends z.ZodObject<{ from: z.ZodOptional<typeof month>; to: z.ZodOptional<typeof month> }>>(o: T) =>
  o.superRefine((q, ctx) => {
    const { from, to } = q as { from?: string; to?: string };
    if (from && to && (from > to || monthIndex(to) - monthIndex(from) >= MAX_MONTHS))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'fields.rtsPeriod', params: { months: MAX_MONTHS } });
  });

const filters = {
  /** The first and last month of the period; by default the last 12 months up to this one. */
  from: month.optional(),
  to: month.optional(),
  /** An office of the scope: it and every office under it (default: the whole scope). */
  officeId: id.optional(),
  serviceCode: serviceCode.optional(),
};
export const dashboardQuery = period(z.object(filters));
export type DashboardQuery = z.infer<typeof dashboardQuery>;
const format = { format: z.enum(['csv', 'pdf']) };
export const dashboardExportQuery = period(z.object({ ...filters, ...format }));

export const DRILL_KINDS = ['received', 'disposed', 'late', 'pending', 'beyond'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];
const drill = {
  ...filters,
  /** What to list: filed in the period, disposed in it, disposed late in it, pending now, pending now beyond the timeline. */
  kind: z.enum(DRILL_KINDS).default('received'),
  /** Exactly this office (a row of the office table). */
  atOfficeId: id.optional(),
  /** The designated officer's post (a row of the officer table). */
  postId: id.optional(),
};
export const drillQuery = period(pageQuery.extend(drill));
export type DrillQuery = z.infer<typeof drillQuery>;
export const drillExportQuery = period(z.object({ ...drill, ...format }));

export const feedbackQuery = period(pageQuery.extend({ ...filters, atOfficeId: id.optional(), postId: id.optional() }));
export type FeedbackQuery = z.infer<typeof feedbackQuery>;
export const feedbackExportQuery = period(z.object({ ...filters, atOfficeId: id.optional(), postId: id.optional(), ...format }));

const pct = z.number().nullable();
const counts = z.object({
  received: z.int(),
  disposed: z.int(),
  onTime: z.int(),
  late: z.int(),
  /** disposed ÷ received × 100 */
  processingRate: pct,
  /** disposed on time ÷ disposed × 100 */
  onTimePct: pct,
  averageDays: z.number().nullable(),
});
export const figures = counts.extend({
  medianDays: z.number().nullable(),
  /** Pending now (not disposed of), and of them past their RTS due date. */
  pending: z.int(),
  beyond: z.int(),
  /** pending beyond the timeline ÷ pending × 100 */
  pendencyPct: pct,
  appeals: z.object({
    filed: z.array(z.int()).length(3).describe('appeals reaching the First / Second Appellate Authority / the Commission'),
    decided: z.array(z.int()).length(3),
  }),
  penalties: z.object({ count: z.int(), amount: z.int() }),
  compensation: z.object({ count: z.int(), amount: z.int() }),
  rating: z.object({ average: z.number().nullable(), count: z.int() }),
});
export type Figures = z.infer<typeof figures>;

const officeRef = z.object({ id, code: z.string(), name: bilingual });
export const serviceRef = z.object({ code: z.string(), name: bilingual, timelineDays: z.int().nullable() });
const delay = z.object({
  received: z.int(),
  disposed: z.int(),
  late: z.int(),
  pending: z.int(),
  beyond: z.int(),
  onTimePct: pct,
  pendencyPct: pct,
  /** Missed timelines: disposed late in the period plus pending beyond the timeline now. */
  delayed: z.int(),
  /** delayed ÷ (disposed + pending) × 100: what the ranking sorts by. */
  delayPct: pct,
  averageDays: z.number().nullable(),
});
export type Delay = z.infer<typeof delay>;
const words = z.object({ en: z.string(), hi: z.string() });
const definition = z.object({ key: z.string(), label: words, text: words });

export const dashboardOut = z.object({
  asOf: isoDateTime,
  today: isoDate,
  period: z.object({ from: month, to: month }),
  scope: z.object({
    kind: z.enum(['state', 'offices']).describe('state: the Commission (every office); offices: a supervising post'),
    office: officeRef.nullable(),
    post: postRef,
  }),
  /** The four headline figures' definitions (Apuni Sarkar's), and the others'. */
  definitions: z.array(definition),
  totals: figures,
  services: z.array(figures.extend({ service: serviceRef })),
  offices: z.array(figures.extend({ office: officeRef, department: officeRef })),
  officers: z
    .array(figures.extend({ post: postRef, officeId: id }))
    .describe('for the whole state only the 200 with the most missed timelines (narrow to an office to see every one)'),
  officersTotal: z.int().describe('designated officers with figures in the scope (more than listed when the whole state is shown)'),
  trend: z.array(counts.extend({ month })),
  ranking: z.object({
    offices: z.array(delay.extend({ office: officeRef })),
    departments: z.array(delay.extend({ department: officeRef, offices: z.int() })),
  }),
});
export type DashboardOut = z.infer<typeof dashboardOut>;

export const drillItem = z.object({
  id,
  referenceNumber: z.string(),
  subject: z.string(),
  service: serviceRef,
  office: officeRef,
  designated: postRef,
  holder: postRef,
  status: z.enum(['open', 'with_applicant', 'closed']),
  stage: z.string(),
  channel: z.string(),
  filedAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  rtsDueDate: isoDate.nullable(),
  paused: z.boolean(),
  onTime: z.boolean().nullable(),
  /** Calendar days from filing to disposal (or to today while pending). */
  days: z.int(),
  /** Calendar days past the RTS due date (pending beyond it, or disposed late); 0 otherwise. */
  daysLate: z.int(),
  rating: z.int().nullable(),
});
export const drillOut = paginated(drillItem).extend({ kind: z.enum(DRILL_KINDS), period: z.object({ from: month, to: month }) });
export type DrillOut = z.infer<typeof drillOut>;

const ratings = z.object({
  count: z.int(),
  average: z.number().nullable(),
  /** How many gave 1, 2, 3, 4 and 5. */
  stars: z.array(z.int()).length(5),
  disposed: z.int(),
});
export const feedbackOut = z.object({
  period: z.object({ from: month, to: month }),
  totals: ratings,
  services: z.array(ratings.extend({ service: serviceRef })),
  offices: z.array(ratings.extend({ office: officeRef })),
  officers: z.array(ratings.extend({ post: postRef })),
  /** Comments given with a rating, newest first. */
  comments: paginated(
    z.object({
      id,
      referenceNumber: z.string(),
      service: serviceRef,
      office: officeRef,
      designated: postRef,
      rating: z.int(),
      feedback: z.string().nullable(),
      closedAt: isoDateTime,
    }),
  ),
});
export type FeedbackOut = z.infer<typeof feedbackOut>;

export const accessOut = z.object({ dashboard: z.boolean(), scope: z.enum(['state', 'offices']).nullable() });
