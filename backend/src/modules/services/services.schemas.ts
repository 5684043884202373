import { z } from 'zod';
import { bilingual } from '../../shared/schemas.js';
import { longText, serviceDefinition } from './service-definition.js';

export const serviceCodeParams = z.object({ code: z.string().regex(/^[A-Z][A-Z0-9-]{1,19}$/, 'fields.serviceCode') });
export const serviceVersionParams = serviceCodeParams.extend({ number: z.coerce.number().int().min(1).max(100000) });

export const versionSummary = z.object({
  number: z.int(),
  status: z.enum(['draft', 'live', 'retired']),
  createdBy: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export const serviceSummary = z.object({
  code: z.string(),
  name: bilingual,
  category: z.string(),
  timelineDays: z.int(),
  liveVersion: z.int().nullable().describe('the version applications are filed under; null until one is published'),
  latestVersion: z.int(),
  hasDraft: z.boolean(),
});
export const serviceDetail = serviceSummary.extend({ versions: z.array(versionSummary) });
export const serviceVersionOut = versionSummary.extend({ code: z.string(), definition: serviceDefinition });

/** Import: one definition or a catalogue (an array), as JSON. Each becomes a draft version of its service unless it equals the latest. */
export const importServicesIn = z.object({ definitions: z.array(z.unknown()).min(1).max(200) }).strict();
export const importServicesOut = z.object({
  results: z.array(z.object({ code: z.string(), number: z.int(), outcome: z.enum(['created', 'unchanged']) })),
});

/** What the public catalogue shows of a live service. */
export const publicServiceOut = z.object({
  code: z.string(),
  version: z.int(),
  name: bilingual,
  description: longText,
  category: z.string(),
  timelineDays: z.int(),
  applicants: z.array(z.string()),
  documents: z.array(z.object({ key: z.string(), label: bilingual, required: z.boolean() })).describe('the documents to upload'),
  form: z.array(z.record(z.string(), z.unknown())).describe('the applicant form (see the service definition schema)'),
  onTime: z
    .object({ onTimePct: z.number().nullable(), disposed: z.int(), months: z.int() })
    .describe(
      'the on-time record: of the applications disposed of over the last `months` months, the share disposed by their RTS due date',
    ),
});
