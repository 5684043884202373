import { z } from 'zod';
import { bilingual, id, isoDateTime, text } from '../../shared/schemas.js';
import { CHECK_KINDS, GATE_DIRECTIONS, PASS_VERDICTS } from './checkpoints.entity.js';

/** The longest token accepted (a pass token is ~400 characters; a QR holds at most ~3 KB). */
const TOKEN_MAX = 3000;

export const verdict = z.enum(PASS_VERDICTS);
const token = z.string().trim().min(1).max(TOKEN_MAX);
const reference = text(80).min(3);

/** Where the phone checks: its post and office; at a gate (`gate: true`) the office code is the place a visitor pass must name. */
export const checkPlaceOut = z.object({
  postId: id,
  post: bilingual,
  officeId: id,
  officeCode: z.string(),
  office: bilingual,
  gate: z.boolean().describe('an office gate (entry and exit are logged) rather than a checkpoint on the road'),
});

export const bundleOut = z.object({
  generatedAt: isoDateTime,
  place: checkPlaceOut,
  keys: z.array(z.record(z.string(), z.string())).describe('the published verification keys (JWKs with kid)'),
  revoked: z.array(z.uuid()).describe('ids of cancelled documents (the `j` claim of their tokens)'),
  closingTime: z.string().describe('the gates’ closing time, India time HH:mm'),
});

export const recordIn = z
  .object({
    id: id.describe('made by the phone: the same check sent twice is stored once'),
    postId: id.optional().describe('the post the check was made as (default: the acting post); one the user holds'),
    checkedAt: isoDateTime,
    kind: z.enum(CHECK_KINDS),
    token: token.optional(),
    reference: reference.optional(),
    verdict,
    direction: z.enum(GATE_DIRECTIONS).optional().describe('at a gate: entry or exit'),
    offline: z.boolean().default(false),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (!r.token && !r.reference) ctx.addIssue({ code: 'custom', path: ['token'], message: 'fields.checkTokenOrReference' });
    if (Date.parse(r.checkedAt) > Date.now() + 10 * 60_000)
      ctx.addIssue({ code: 'custom', path: ['checkedAt'], message: 'fields.checkInFuture' });
  });
export type RecordIn = z.infer<typeof recordIn>;

export const recordsIn = z.object({ records: z.array(recordIn).min(1).max(200) }).strict();
export type RecordsIn = z.infer<typeof recordsIn>;
export const recordsOut = z.object({
  ids: z.array(z.uuid()).describe('every id of the batch, now stored (a replay answers the same)'),
});

export const verifyIn = z.object({ token }).strict();
export const lookupQuery = z.object({ ref: reference });

const claimsOut = z.object({
  v: z.literal(1),
  j: z.string(),
  k: z.enum(['pass', 'visitor', 'certificate', 'report']),
  r: z.string(),
  s: z.string(),
  n: z.string(),
  m: z.string().optional(),
  f: z.string(),
  u: z.string().optional(),
  d: z.string().optional(),
  g: z.string().optional(),
  vh: z.string().optional(),
  ph: z.string().optional(),
  o: z.string(),
  iss: z.literal('patravali'),
});

export const verifyOut = z.object({
  verdict,
  checkedAt: isoDateTime,
  claims: claimsOut.nullable().describe('the token’s claims when its signature holds (also for expired, cancelled, wrong place)'),
  token: z.string().nullable().describe('the document’s token (a lookup by reference number answers it, so the check can be recorded)'),
  documentId: z.uuid().nullable(),
  photoUrl: z.string().nullable().describe('the holder’s photo, when the document has one'),
  issuingOffice: bilingual.nullable(),
});
export type VerifyOut = z.infer<typeof verifyOut>;

export const documentParams = z.object({ id });

export const insideQuery = z.object({ office: id.optional().describe('default: the acting post’s office') });
export const insideOut = z.object({
  office: z.object({ id, code: z.string(), name: bilingual }),
  closingTime: z.string(),
  afterClosing: z.boolean().describe('it is past closing time (India time) now'),
  count: z.int(),
  items: z.array(
    z.object({
      documentId: z.uuid(),
      referenceNumber: z.string(),
      holderName: z.string(),
      kind: z.enum(['pass', 'visitor', 'certificate', 'report']),
      enteredAt: isoDateTime,
      stillInsideAfterClosing: z.boolean().describe('a visitor inside after closing time (or since an earlier day)'),
    }),
  ),
});
