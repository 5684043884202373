import { z } from 'zod';
import { bilingual, id, isoDate, isoDateTime, pageQuery, paginated, postRef, text, version } from '../../shared/schemas.js';
import { APPLICATION_CHANNELS, APPLICATION_STATUSES } from './applications.entity.js';

const serviceCode = z.string().regex(/^[A-Z][A-Z0-9-]{1,19}$/, 'fields.serviceCode');
const actionCode = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'fields.definitionKey');
const form = z
  .record(z.string().max(40), z.unknown())
  .describe("the form's values by field key, checked against the service's live version");

export const applicationParams = z.object({ id });
export const actionParams = z.object({ id, action: actionCode });
export const referenceParams = z.object({ ref: z.string().min(3).max(80) });

/** A citizen's application (their own mobile from the session). */
export const publicSubmitIn = z.strictObject({
  service: serviceCode,
  data: form,
  /** Filed though a similar one is pending (the duplicate warning was seen). */
  confirmDuplicate: z.boolean().default(false),
});
/** Staff applying for themselves or their office (G2G), or at a counter/CSC for a walk-in applicant whose mobile the OTP they read out confirms. */
export const staffSubmitIn = z.strictObject({
  service: serviceCode,
  data: form,
  confirmDuplicate: z.boolean().default(false),
  applicant: z.strictObject({ name: text(200).min(1), mobile: z.string().max(20), otp: z.string().max(10).optional() }),
});
export const resubmitIn = z.strictObject({ version, data: form });

/** A police station's findings on a verification (kept within the chain of the case). */
export const policeReport = z
  .strictObject({
    antecedents: z.enum(['none', 'found']),
    cases: z
      .array(
        z.strictObject({
          number: text(60).min(1),
          policeStation: text(200).min(1),
          sections: text(200).optional(),
          status: text(200).optional(),
        }),
      )
      .max(20)
      .default([]),
    remarks: text(4000).min(1),
  })
  .refine((r) => r.antecedents === 'none' || r.cases.length > 0, { message: 'fields.reportCases', path: ['cases'] });

export const actionIn = z.strictObject({
  version,
  reason: z.string().max(40).optional().describe("a reason from the action's list"),
  remarks: text(2000).optional(),
  report: policeReport.optional(),
});
/**
 * The answer to a workflow action: what changed, not the whole application (as a move answers). The UI
 * refetches what it shows; the action's hint tells every other viewer to do the same.
 */
export const actedOut = z.object({
  id,
  referenceNumber: z.string(),
  version: z.int(),
  status: z.enum(APPLICATION_STATUSES),
  stage: z.string(),
  holderPostId: id,
});
export type Acted = z.infer<typeof actedOut>;
export const BULK_DECIDE_MAX = 200;
export const bulkActionIn = z.strictObject({
  action: actionCode,
  items: z.array(z.strictObject({ id, version })).min(1).max(BULK_DECIDE_MAX),
  reason: z.string().max(40).optional(),
  remarks: text(2000).optional(),
});
export const bulkActionOut = z.object({
  results: z.array(
    z.object({ id, ok: z.boolean(), referenceNumber: z.string().nullable(), error: z.string().nullable(), message: z.string().nullable() }),
  ),
  done: z.int(),
  failed: z.int(),
});
export const feedbackIn = z.strictObject({ rating: z.int().min(1).max(5), comment: text(1000).optional() });

const workflowAction = z.object({
  code: z.string(),
  name: bilingual,
  reasonRequired: z.boolean(),
  reasons: z.array(z.object({ value: z.string(), label: bilingual })),
  report: z.boolean(),
  allowed: z.boolean().describe('the acting post may take it now (the rule the action route enforces)'),
});
const stepOut = z.object({
  seq: z.int(),
  action: z.string(),
  actionName: bilingual.nullable(),
  fromStage: z.string().nullable(),
  toStage: z.string(),
  toStageName: bilingual,
  at: isoDateTime,
  by: postRef.nullable(),
  byUser: z.object({ id, name: bilingual }).nullable(),
  byApplicant: z.boolean(),
  holder: postRef,
  reason: z.object({ value: z.string(), label: bilingual }).nullable(),
  remarks: z.string().nullable(),
  report: z.record(z.string(), z.unknown()).nullable(),
});
const levelOut = z.object({
  post: postRef,
  from: isoDateTime,
  until: isoDateTime.nullable().describe('null: it is there now'),
  seconds: z.int(),
});
const documentOut = z.object({ id, field: z.string().nullable(), name: z.string(), mime: z.string(), size: z.int(), pages: z.int() });
/** The Right to Service clock (rts-clock.ts). */
const rtsOut = z
  .object({
    dueDate: isoDate.nullable(),
    paused: z.boolean().describe('with the applicant: the clock stands, `daysLeft` working days kept'),
    daysLeft: z.int().nullable(),
    overdue: z.boolean(),
    onTime: z.boolean().nullable().describe('disposed of by the due date (null while pending)'),
  })
  .describe("the Right to Service timeline: the service's notified working days from filing, paused while with the applicant");
const serviceRef = z.object({ code: z.string(), name: bilingual, version: z.int(), category: z.string() });

export const applicationOut = z.object({
  id,
  version: z.int(),
  referenceNumber: z.string(),
  service: serviceRef,
  status: z.enum(APPLICATION_STATUSES),
  stage: z.string(),
  stageName: bilingual,
  channel: z.enum(APPLICATION_CHANNELS),
  applicant: z.object({ name: z.string(), mobile: z.string() }),
  data: z.record(z.string(), z.unknown()),
  holder: postRef,
  since: isoDateTime,
  dueDate: isoDate.nullable(),
  overdue: z.boolean(),
  rts: rtsOut,
  createdAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  validFrom: isoDate.nullable(),
  validUntil: isoDate.nullable(),
  rating: z.int().nullable(),
  feedback: z.string().nullable(),
  documents: z.array(documentOut),
  movements: z.array(z.record(z.string(), z.unknown())),
  steps: z.array(stepOut),
  levels: z.array(levelOut).describe('every post it has been with, and for how long'),
  actions: z.array(workflowAction),
  abilities: z.object({
    send: z.boolean(),
    return: z.boolean(),
    pullBack: z.boolean(),
    park: z.boolean(),
    unpark: z.boolean(),
    close: z.boolean(),
    reopen: z.boolean(),
  }),
  form: z.array(z.record(z.string(), z.unknown())).describe("the form's fields (labels, types) of the version it was filed under"),
});
export type ApplicationOut = z.infer<typeof applicationOut>;

/** What the applicant sees: never an officer's name, only the authority's designation and office; no report of a verification. */
const authority = z.object({ designation: bilingual, office: bilingual });
export const publicApplicationOut = z.object({
  id,
  version: z.int(),
  referenceNumber: z.string(),
  service: serviceRef,
  status: z.enum(APPLICATION_STATUSES),
  stage: z.string(),
  stageName: bilingual,
  channel: z.enum(APPLICATION_CHANNELS).describe('filed online by the applicant, by an office, or at a counter or CSC for them'),
  data: z.record(z.string(), z.unknown()),
  authority,
  createdAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  dueDate: isoDate.nullable(),
  rts: rtsOut,
  validFrom: isoDate.nullable(),
  validUntil: isoDate.nullable(),
  rating: z.int().nullable(),
  timeline: z.array(
    z.object({
      at: isoDateTime,
      stageName: bilingual,
      actionName: bilingual.nullable(),
      authority: authority.nullable(),
      reason: bilingual.nullable(),
      remarks: z.string().nullable(),
    }),
  ),
  documents: z.array(documentOut),
  mayResubmit: z.boolean(),
  mayRate: z.boolean(),
  form: z.array(z.record(z.string(), z.unknown())),
});
export type PublicApplicationOut = z.infer<typeof publicApplicationOut>;
export const publicListOut = paginated(
  publicApplicationOut.pick({
    id: true,
    referenceNumber: true,
    service: true,
    status: true,
    stage: true,
    stageName: true,
    channel: true,
    createdAt: true,
    dueDate: true,
    rts: true,
    authority: true,
  }),
);
export const publicListQuery = pageQuery;
export const uploadOut = documentOut.omit({ field: true });
export const documentParams = z.object({ id, uploadId: id });
export const publicDocumentParams = z.object({ ref: z.string().min(3).max(80), uploadId: id });
export const submitOut = z.object({
  id,
  referenceNumber: z.string(),
  duplicates: z.array(z.object({ referenceNumber: z.string(), createdAt: isoDateTime })),
});
export const publicStatusOut = z.object({
  referenceNumber: z.string(),
  service: z.object({ code: z.string(), name: bilingual }),
  status: z.enum(APPLICATION_STATUSES),
  stage: z.string(),
  stageName: bilingual,
  authority,
  createdAt: isoDateTime,
  dueDate: isoDate.nullable(),
  rts: rtsOut,
  closedAt: isoDateTime.nullable(),
  validUntil: isoDate.nullable(),
  mobile: z.string().describe("the applicant's mobile, masked: where the OTP for the full details goes"),
});
