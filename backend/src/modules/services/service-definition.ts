import { z } from 'zod';
import { OFFICE_KINDS } from '../org/index.js';
import { SERVING_ROLES } from '../gazetteer/index.js';
import { bilingual, text } from '../../shared/schemas.js';

/**
 * A public service as its owner defines it, without code (NIC ServicePlus lets states define their
 * services this way; eGov DIGIT's workflow `businessService` — states, actions, roles, per-state SLA —
 * is the model of the workflow part): the applicant form, who may apply, the workflow, deadlines, the
 * routing rule and the document it issues. Definitions are versioned; an application keeps the version
 * it was filed under. This schema is the one check of a definition (import, the editor, the seeds).
 */

const key = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'fields.definitionKey');
const stateCode = z.string().regex(/^[a-z][a-z_]{0,29}$/, 'fields.definitionKey');
export const longText = bilingual.extend({ en: text(2000).min(1), hi: text(2000).min(1) });

const option = z.object({ value: key, label: bilingual }).strict();
const fieldBase = { key, label: bilingual, hint: bilingual.optional(), required: z.boolean().default(true) };

/** The typed fields an applicant form may have. */
export const formField = z.discriminatedUnion('type', [
  z.object({ ...fieldBase, type: z.literal('text'), maxLength: z.int().min(1).max(2000).default(200) }).strict(),
  z
    .object({
      ...fieldBase,
      type: z.literal('number'),
      min: z.number().optional(),
      max: z.number().optional(),
      integer: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      ...fieldBase,
      type: z.literal('date'),
      notBefore: z.enum(['today']).optional(),
      notAfter: z.enum(['today']).optional(),
      maxDaysAhead: z.int().min(0).max(366).optional(),
    })
    .strict(),
  z.object({ ...fieldBase, type: z.literal('select'), options: z.array(option).min(1).max(100) }).strict(),
  z.object({ ...fieldBase, type: z.literal('mobile') }).strict(),
  /** District / tehsil / police-station area / locality from the gazetteer, with the street address. */
  z.object({ ...fieldBase, type: z.literal('address') }).strict(),
  z.object({ ...fieldBase, type: z.literal('vehicleNumber') }).strict(),
  /** An ID proof: its kind and number; the number is stored masked but for the last four digits. */
  z
    .object({
      ...fieldBase,
      type: z.literal('idProof'),
      kinds: z.array(z.enum(['aadhaar', 'voterId', 'drivingLicence', 'passport', 'pan', 'govtId'])).min(1),
    })
    .strict(),
  /** A document to upload: PDF or image, checked like dak scans. */
  z
    .object({
      ...fieldBase,
      type: z.literal('upload'),
      accept: z
        .array(z.enum(['pdf', 'image']))
        .min(1)
        .default(['pdf', 'image']),
      maxSizeMb: z.int().min(1).max(20).default(5),
    })
    .strict(),
]);
export type FormField = z.infer<typeof formField>;

/** Who takes an action: a post with a capability at the holding office, or the applicant (resubmitting a returned application). */
const actor = z.enum(['noting', 'supervision', 'dak', 'applicant']);

const state = z
  .object({
    code: stateCode,
    name: bilingual,
    /** Working days an application may stay in this state (Right to Service timelines); none for the applicant's own states and ends. */
    deadlineDays: z.int().min(1).max(365).optional(),
    /** Disposed of: no action leaves it. */
    terminal: z.boolean().default(false),
    /** With the applicant for correction: the authority's clock pauses. */
    withApplicant: z.boolean().default(false),
  })
  .strict();

const action = z
  .object({
    code: key,
    name: bilingual,
    from: z.array(stateCode).min(1),
    to: stateCode,
    by: actor,
    /** A reason must be given (from `reasons` or in words). */
    reasonRequired: z.boolean().default(false),
    reasons: z.array(option).max(50).optional(),
    /** Ends in the service's output document (a pass, a certificate). */
    issuesDocument: z.boolean().default(false),
    /**
     * Who holds the application after the action: the post serving the area of an address field in a
     * role (`{ role: 'sp', address: 'subjectAddress' }`: the SP office of the subject's district;
     * `police_station`: the station of the subject's address), or `origin` — back to the post it was
     * first routed to. Without it the application stays with the post that acted.
     */
    handTo: z.union([z.object({ role: z.enum(SERVING_ROLES), address: key }).strict(), z.literal('origin')]).optional(),
    /** The action records a police station's findings (antecedents, case/FIR numbers, remarks); they stay within the chain. */
    report: z.boolean().default(false),
  })
  .strict();

/** How the competent authority is found from the application's data. */
export const routingRule = z.discriminatedUnion('rule', [
  /** UP e-pass: within the district → SDM of the origin tehsil; between districts → ADM; out of the state → DM. */
  z.object({ rule: z.literal('movement'), from: key, to: key }).strict(),
  /** Verification: through the SP office to the police station of the subject's address. */
  z.object({ rule: z.literal('policeStation'), address: key }).strict(),
  /** Visitor pass: the section being visited, chosen on the form; `posts` names the deciding post (by code) of each option. */
  z.object({ rule: z.literal('section'), field: key, posts: z.record(key, z.string().min(1).max(60)) }).strict(),
  /** One post always (an office's designated authority), by post code. */
  z.object({ rule: z.literal('post'), post: z.string().min(1).max(60) }).strict(),
]);

/** Who hears an appeal at a level: a post by code, or the post serving the application's area in a role (the ADM of its district…). */
const appellate = z.union([z.object({ post: z.string().min(1).max(60) }).strict(), z.object({ role: z.enum(SERVING_ROLES) }).strict()]);

/**
 * The Right to Service terms besides the timeline: the First and Second Appellate Authorities (by
 * default the supervising posts above the designated officer, nearest first), the working days each
 * has to dispose of an appeal, and the days an applicant has to appeal a rejection.
 */
export const rtsTermsSchema = z
  .object({
    firstAppellate: appellate.optional(),
    secondAppellate: appellate.optional(),
    appealDays: z.int().min(1).max(180).default(30),
    rejectionAppealDays: z.int().min(1).max(365).default(30),
  })
  .strict();
export type RtsTerms = z.infer<typeof rtsTermsSchema>;
export type AppellateRef = z.infer<typeof appellate>;
/** A version's RTS terms, defaults filled in (versions published before the terms existed have none). */
export const rtsTermsOf = (d: { rts?: Partial<RtsTerms> | undefined }): RtsTerms => ({ appealDays: 30, rejectionAppealDays: 30, ...d.rts });

export const serviceDefinition = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9-]{1,19}$/, 'fields.serviceCode'),
    name: bilingual,
    description: longText,
    category: z.enum(['movement', 'visitor', 'verification', 'permission', 'certificate']),
    /** The kind of office that delivers it, and the reference number's prefix (e.g. EPASS/PBT/2026/000123). */
    deliveredBy: z
      .object({ officeKind: z.enum(OFFICE_KINDS), referencePrefix: z.string().regex(/^[A-Z]{2,10}$/, 'fields.serviceCode') })
      .strict(),
    applicants: z.array(z.enum(['citizen', 'office', 'counter'])).min(1),
    /** The whole timeline promised to the applicant, in working days (Right to Service). */
    timelineDays: z.int().min(1).max(365),
    form: z.array(formField).min(1).max(60),
    workflow: z.object({ initial: stateCode, states: z.array(state).min(2).max(30), actions: z.array(action).min(1).max(60) }).strict(),
    routing: routingRule,
    rts: rtsTermsSchema.optional(),
    output: z
      .object({
        document: z.enum(['none', 'pass', 'certificate', 'report']),
        validityDays: z.int().min(1).max(3650).optional(),
        /** Who signs the issued document: the office's document-signer key in an HSM (automatically) or the approving officer's own DSC (in a batch, through the signing agent). */
        signer: z.enum(['office', 'officer']).default('office'),
        /** The hours of each day of validity (a visitor pass: the office's visiting hours), India time. */
        hours: z
          .object({
            from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'fields.time'),
            to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'fields.time'),
          })
          .strict()
          .refine((h) => h.from < h.to, { message: 'fields.timeOrder', path: ['to'] })
          .optional(),
      })
      .strict(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const issue = (path: (string | number)[], message: string, params: Record<string, unknown> = {}) =>
      ctx.addIssue({ code: 'custom', path, message, params });
    const dupes = <T>(xs: T[], by: (x: T) => string, path: string, what: string) => {
      const seen = new Set<string>();
      xs.forEach((x, i) => {
        const k = by(x);
        if (seen.has(k)) issue([...path.split('.'), i], 'fields.definitionDuplicate', { what, key: k });
        seen.add(k);
      });
    };
    dupes(d.form, (f) => f.key, 'form', 'field');
    dupes(d.workflow.states, (s) => s.code, 'workflow.states', 'state');
    dupes(d.workflow.actions, (a) => a.code, 'workflow.actions', 'action');
    const states = new Map(d.workflow.states.map((s) => [s.code, s]));
    const fields = new Map(d.form.map((f) => [f.key, f]));
    if (!states.has(d.workflow.initial))
      issue(['workflow', 'initial'], 'fields.definitionUnknown', { what: 'state', key: d.workflow.initial });
    d.workflow.actions.forEach((a, i) => {
      for (const [j, f] of a.from.entries()) {
        if (!states.has(f)) issue(['workflow', 'actions', i, 'from', j], 'fields.definitionUnknown', { what: 'state', key: f });
        else if (states.get(f)!.terminal) issue(['workflow', 'actions', i, 'from', j], 'fields.definitionFromTerminal', { key: f });
        else if (states.get(f)!.withApplicant !== (a.by === 'applicant'))
          issue(['workflow', 'actions', i, 'by'], 'fields.definitionWrongActor', { key: f });
      }
      if (!states.has(a.to)) issue(['workflow', 'actions', i, 'to'], 'fields.definitionUnknown', { what: 'state', key: a.to });
      if (a.reasons && !a.reasonRequired) issue(['workflow', 'actions', i, 'reasons'], 'fields.definitionReasonsUnused');
      if (a.handTo && a.handTo !== 'origin' && fields.get(a.handTo.address)?.type !== 'address')
        issue(['workflow', 'actions', i, 'handTo', 'address'], 'fields.definitionRoutingField', { key: a.handTo.address, type: 'address' });
    });
    // every state can be reached from the initial one, and every state not final can be left
    const reached = new Set([d.workflow.initial]);
    for (let grew = true; grew;) {
      grew = false;
      for (const a of d.workflow.actions) {
        if (a.from.some((f) => reached.has(f)) && !reached.has(a.to)) {
          reached.add(a.to);
          grew = true;
        }
      }
    }
    d.workflow.states.forEach((s, i) => {
      if (!reached.has(s.code)) issue(['workflow', 'states', i], 'fields.definitionUnreachable', { key: s.code });
      if (!s.terminal && !d.workflow.actions.some((a) => a.from.includes(s.code)))
        issue(['workflow', 'states', i], 'fields.definitionDeadEnd', { key: s.code });
      if (s.terminal && s.deadlineDays)
        issue(['workflow', 'states', i, 'deadlineDays'], 'fields.definitionTerminalDeadline', { key: s.code });
    });
    if (!d.workflow.states.some((s) => s.terminal)) issue(['workflow', 'states'], 'fields.definitionNoEnd');
    if (d.output.document !== 'none' && !d.workflow.actions.some((a) => a.issuesDocument))
      issue(['output', 'document'], 'fields.definitionNoIssue');
    // the routing rule names fields of the right type
    const needs: Array<[string, string, FormField['type']]> =
      d.routing.rule === 'movement'
        ? [
            ['from', d.routing.from, 'address'],
            ['to', d.routing.to, 'address'],
          ]
        : d.routing.rule === 'policeStation'
          ? [['address', d.routing.address, 'address']]
          : d.routing.rule === 'section'
            ? [['field', d.routing.field, 'select']]
            : [];
    for (const [prop, k, type] of needs)
      if (fields.get(k)?.type !== type) issue(['routing', prop], 'fields.definitionRoutingField', { key: k, type });
    if (d.routing.rule === 'section') {
      const f = fields.get(d.routing.field);
      const posts = d.routing.posts;
      if (f?.type === 'select')
        for (const o of f.options)
          if (!posts[o.value]) issue(['routing', 'posts', o.value], 'fields.definitionUnknown', { what: 'post', key: o.value });
    }
  });
export type ServiceDefinition = z.infer<typeof serviceDefinition>;
