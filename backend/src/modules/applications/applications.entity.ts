import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfficeSchema, PostSchema, UserSchema } from '../org/index.js';
import { ApplicantSchema } from '../applicants/index.js';
import { ServiceSchema, ServiceVersionSchema } from '../services/index.js';
import { registerItemAccess } from '../movement/index.js';
import { PRIORITY_RANK, type Grading, type Priority } from '../../shared/items.js';

/**
 * Where an application is, for the items core: `open` with an authority (in its inbox, pendency and
 * deadlines), `with_applicant` (returned for correction: the authority's clock pauses), `closed`
 * (disposed of). The workflow's own state is `stage` (a code of the service version's workflow).
 */
export const APPLICATION_STATUSES = ['open', 'with_applicant', 'closed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_CHANNELS = ['citizen', 'office', 'counter'] as const;
export type ApplicationChannel = (typeof APPLICATION_CHANNELS)[number];

const rtsIndex = (name: string, columns: string, where?: string) => [
  { name, expression: `create index "${name}" on "application" (${columns})${where ? ` where ${where}` : ''}` },
];

/**
 * An application for a public service (an e-pass, a visitor pass, a verification, a permission): the
 * third kind of item that moves between posts, beside receipts and files. It keeps the service version
 * it was filed under; its form data is validated against that version (ID numbers stored masked).
 */
export const ApplicationSchema = defineEntity({
  name: 'Application',
  tableName: 'application',
  indexes: [
    {
      name: 'application_inbox_priority',
      expression: `create index "application_inbox_priority" on "application" ("holder_post_id", (${PRIORITY_RANK()}), "held_since") where status = 'open' and parked_at is null`,
    },
    {
      name: 'application_inbox_received',
      expression: `create index "application_inbox_received" on "application" ("holder_post_id", "held_since") where status = 'open' and parked_at is null`,
    },
    { properties: ['applicant', 'createdAt'] },
    {
      name: 'application_rts_due',
      expression: `create index "application_rts_due" on "application" ("rts_due_date") where status <> 'closed'`,
    },
    { properties: ['service', 'applicantMobile'] },
    // the RTS dashboard's drill-down (rts/dashboard): received and disposed in a period, state-wide, by office, by service;
    // what is pending by office, service and designated post with its due date; the ratings of a period
    ...rtsIndex('application_rts_received', '"created_at"'),
    ...rtsIndex('application_rts_office_received', '"office_id", "created_at"'),
    ...rtsIndex('application_rts_service_received', '"service_id", "created_at"'),
    ...rtsIndex('application_rts_disposed', '"closed_at"', `status = 'closed'`),
    ...rtsIndex('application_rts_office_disposed', '"office_id", "closed_at"', `status = 'closed'`),
    ...rtsIndex('application_rts_service_disposed', '"service_id", "closed_at"', `status = 'closed'`),
    ...rtsIndex('application_rts_pending', '"office_id", "service_id", "origin_post_id", "rts_due_date"', `status <> 'closed'`),
    ...rtsIndex('application_rts_rated', '"office_id", "closed_at"', 'rating is not null'),
  ],
  properties: {
    id: p.uuid().primary(),
    referenceNumber: p.string().length(80).unique(),
    service: () => p.manyToOne(ServiceSchema).ref(),
    serviceVersion: () => p.manyToOne(ServiceVersionSchema).ref(),
    /** The office of the authority it was routed to (its number and inbox office). */
    office: () => p.manyToOne(OfficeSchema).ref().index(),
    subject: p.text(),
    /** The service's code: the inbox's and pendency's category. */
    category: p.string().length(80),
    grading: p.string().length(20).$type<Grading>(),
    priority: p.string().length(20).$type<Priority>(),
    /** The current state's deadline (working days of the holder's office); none while with the applicant. */
    dueDate: p.date().nullable(),
    status: p.string().length(20).$type<ApplicationStatus>(),
    stage: p.string().length(30),
    channel: p.string().length(10).$type<ApplicationChannel>(),
    applicant: () => p.manyToOne(ApplicantSchema).ref().nullable(),
    applicantName: p.string().length(200),
    applicantMobile: p.string().length(10),
    applicantLocale: p.string().length(2).$type<'hi' | 'en'>(),
    /** Filed by staff for themselves or at a counter/CSC for a walk-in applicant. */
    filedByPost: () => p.manyToOne(PostSchema).ref().nullable(),
    filedByUser: () => p.manyToOne(UserSchema).ref().nullable(),
    /** The form as filed (validated against the version; ID numbers masked but for the last four digits). */
    data: p.json<Record<string, unknown>>(),
    /** The area the routing rule read (the e-pass origin, the subject's address): what serving offices are looked up for. */
    areaId: p.uuid().nullable(),
    /** The post it was first routed to: `handTo: origin` comes back here. */
    originPost: () => p.manyToOne(PostSchema).ref(),
    createdByPost: () => p.manyToOne(PostSchema).ref(),
    holderPost: () => p.manyToOne(PostSchema).ref(),
    heldSince: p.datetime(),
    openedAt: p.datetime().nullable(),
    parkedAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    /** Working days left of the state's deadline when it was returned to the applicant (the clock paused). */
    clockLeft: p.integer().nullable(),
    /**
     * The Right to Service due date: the service's timeline in working days of the office from the filing,
     * moved on by the days spent with the applicant; kept when disposed of (what on time is judged by).
     */
    rtsDueDate: p.date().nullable(),
    /** Working days left of the timeline while with the applicant (the clock paused). */
    rtsDaysLeft: p.integer().nullable(),
    /** Disposed of by the RTS due date (null while pending). */
    onTime: p.boolean().nullable(),
    validFrom: p.date().nullable(),
    validUntil: p.date().nullable(),
    rating: p.integer().nullable(),
    feedback: p.text().nullable(),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Application = InferEntity<typeof ApplicationSchema>;

/** An application exists for a post on its own access list (movement/access.ts): the posts that held it or took part. */
export const applicationAccess = registerItemAccess({
  type: 'appln',
  table: 'application',
  via: [{ type: 'appln', column: 'id', property: 'id' }],
});

/**
 * One step of an application's history: its filing and every workflow action, with the state before and
 * after, who acted (a post, or the applicant), where it went, the reason and remarks, and a police
 * station's findings. The applicant's timeline is read from here (designations and offices, never names).
 */
export const ApplicationStepSchema = defineEntity({
  name: 'ApplicationStep',
  tableName: 'application_step',
  uniques: [{ properties: ['application', 'seq'] }],
  properties: {
    id: p.uuid().primary(),
    application: () => p.manyToOne(ApplicationSchema).ref(),
    seq: p.integer(),
    action: p.string().length(40),
    fromStage: p.string().length(30).nullable(),
    toStage: p.string().length(30),
    byPost: () => p.manyToOne(PostSchema).ref().nullable(),
    byUser: () => p.manyToOne(UserSchema).ref().nullable(),
    byApplicant: p.boolean().default(false),
    /** Who holds it after the step. */
    holderPost: () => p.manyToOne(PostSchema).ref(),
    reason: p.string().length(40).nullable(),
    remarks: p.text().nullable(),
    /** A station's findings (`report` actions): confidential to the chain. */
    report: p.json<Record<string, unknown>>().nullable(),
    at: p.datetime(),
  },
});
export type ApplicationStep = InferEntity<typeof ApplicationStepSchema>;

/**
 * A document uploaded for an application before it is filed (checked by its bytes like dak scans, kept in
 * object storage): it belongs to the applicant or the post that uploaded it, and is attached once.
 */
export const ApplicationUploadSchema = defineEntity({
  name: 'ApplicationUpload',
  tableName: 'application_upload',
  properties: {
    id: p.uuid().primary(),
    applicant: () => p.manyToOne(ApplicantSchema).ref().nullable().index(),
    post: () => p.manyToOne(PostSchema).ref().nullable().index(),
    application: () => p.manyToOne(ApplicationSchema).ref().nullable().index(),
    /** The form field it was attached as. */
    field: p.string().length(40).nullable(),
    name: p.string().length(300),
    mime: p.string().length(100),
    size: p.integer(),
    pages: p.integer(),
    sha256: p.string().length(64),
    objectKey: p.string().length(300),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ApplicationUpload = InferEntity<typeof ApplicationUploadSchema>;

export const applicationEntities = [ApplicationSchema, ApplicationStepSchema, ApplicationUploadSchema];
