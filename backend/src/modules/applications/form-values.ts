import { z } from 'zod';
import type { FormField, ServiceDefinition } from '../services/index.js';
import { mobileNumber } from '../applicants/index.js';
import { id, isoDate, text } from '../../shared/schemas.js';
import { addDays, formatDmy, istDate } from '../../shared/dates.js';
import { AppError } from '../../shared/app-error.js';
import type { Locale } from '../../shared/i18n.js';
import { localiseIssues } from '../../http/validation.js';

/**
 * The applicant form's values, checked against the service version the application is filed under:
 * one zod schema built from the version's typed fields. Each problem is reported at its field
 * (`data.<key>`), in the user's language; nothing is stored unless every field is right.
 */

/** An address: a locality (or tehsil, district) of the gazetteer with the street line, or — outside the district — its district and state. */
export const addressValue = z
  .object({
    areaId: id.optional(),
    line: text(300).min(1),
    pin: z
      .string()
      .regex(/^[1-9]\d{5}$/, 'fields.pin')
      .optional(),
    /** Outside the gazetteer's districts: the district's name and the state's code (UP, DL, …). */
    district: text(100).min(1).optional(),
    state: z
      .string()
      .regex(/^[A-Z]{2}$/, 'fields.stateCode')
      .optional(),
  })
  .strict()
  .refine((a) => a.areaId || (a.district && a.state), { message: 'fields.addressArea', path: ['areaId'] });
export type AddressValue = z.infer<typeof addressValue>;

/** Indian vehicle registration: UP 26 AB 1234, DL 3C AB 1234, 22 BH 1234 AA (spaces and dashes optional). */
const VEHICLE = /^(?:[A-Z]{2}[0-9]{1,2}[A-Z]{0,3}[0-9]{1,4}|[0-9]{2}BH[0-9]{4}[A-Z]{1,2})$/;
export const vehicleNumber = z
  .string()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .refine((s) => VEHICLE.test(s), { message: 'fields.vehicleNumber' });

/** The shape of each kind of ID proof's number. */
const ID_NUMBERS: Record<string, RegExp> = {
  aadhaar: /^[2-9][0-9]{11}$/,
  voterId: /^[A-Z]{3}[0-9]{7}$/,
  drivingLicence: /^[A-Z]{2}[0-9]{2}[0-9A-Z]{11,13}$/,
  passport: /^[A-Z][0-9]{7}$/,
  pan: /^[A-Z]{5}[0-9]{4}[A-Z]$/,
  govtId: /^[0-9A-Z/-]{4,30}$/,
};
/** An ID number as it is stored and shown: masked but for the last four characters. */
export const maskId = (n: string) => `${'X'.repeat(Math.max(0, n.length - 4))}${n.slice(-4)}`;

function fieldSchema(f: FormField): z.ZodType {
  switch (f.type) {
    case 'text':
      return text(f.maxLength).min(1);
    case 'number': {
      let n = f.integer ? z.int() : z.number();
      if (f.min !== undefined) n = n.min(f.min);
      if (f.max !== undefined) n = n.max(f.max);
      return n;
    }
    case 'date':
      return isoDate.superRefine((v, ctx) => {
        const today = istDate();
        if (f.notBefore === 'today' && v < today)
          ctx.addIssue({ code: 'custom', message: 'fields.datePast', params: { today: formatDmy(today) } });
        if (f.notAfter === 'today' && v > today)
          ctx.addIssue({ code: 'custom', message: 'fields.dateFuture', params: { today: formatDmy(today) } });
        if (f.maxDaysAhead !== undefined && v > addDays(today, f.maxDaysAhead))
          ctx.addIssue({ code: 'custom', message: 'fields.dateTooFar', params: { last: formatDmy(addDays(today, f.maxDaysAhead)) } });
      });
    case 'select':
      return z.enum(f.options.map((o) => o.value) as [string, ...string[]]);
    case 'mobile':
      return mobileNumber;
    case 'address':
      return addressValue;
    case 'vehicleNumber':
      return vehicleNumber;
    case 'idProof':
      return z
        .object({
          kind: z.enum(f.kinds as [string, ...string[]]),
          number: z.string().transform((s) => s.toUpperCase().replace(/[\s-]/g, '')),
        })
        .strict()
        .refine((v) => ID_NUMBERS[v.kind]!.test(v.number), { message: 'fields.idNumber', path: ['number'] })
        .transform((v) => ({ kind: v.kind, number: maskId(v.number) }));
    case 'upload':
      return id;
  }
}

function buildFormSchema(def: Pick<ServiceDefinition, 'form'>) {
  return z.strictObject(Object.fromEntries(def.form.map((f) => [f.key, f.required ? fieldSchema(f) : fieldSchema(f).optional()])));
}

/**
 * Built schemas by their form (as JSON): building one and zod's first parse of it cost ~4 ms, a parse with
 * a built one ~0.1 ms. A published version never changes, so a filing under it reuses the schema; drafts
 * previewed in the editor add entries, the oldest go first.
 */
const built = new Map<string, ReturnType<typeof buildFormSchema>>();
const BUILT_MAX = 500;

/** The zod schema of a version's form: required fields must be there; unknown keys are refused. */
export function formSchema(def: Pick<ServiceDefinition, 'form'>) {
  const key = JSON.stringify(def.form);
  let schema = built.get(key);
  if (!schema) {
    schema = buildFormSchema(def);
    if (built.size >= BUILT_MAX) built.delete(built.keys().next().value!);
    built.set(key, schema);
  }
  return schema;
}

/** The form values, valid for this version, or VALIDATION_FAILED with every problem at its field (`data.<key>…`). */
export function parseFormValues(def: Pick<ServiceDefinition, 'form'>, data: unknown, locale: Locale): Record<string, unknown> {
  const result = formSchema(def).safeParse(data ?? {});
  if (result.success) return result.data;
  throw new AppError(
    'VALIDATION_FAILED',
    {},
    { issues: localiseIssues(result.error.issues, locale).map((i) => ({ ...i, path: ['data', ...i.path] })) },
  );
}

/** The keys of the upload fields (their values are upload ids). */
export const uploadKeys = (def: Pick<ServiceDefinition, 'form'>) => def.form.filter((f) => f.type === 'upload').map((f) => f.key);
