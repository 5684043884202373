import { z } from 'zod';
import { OFFICE_KINDS } from '../org/index.js';
import { ITEM_TYPES } from '../movement/index.js';
import { REGISTERS } from '../../shared/registers.js';
import { bilingual, grading, id, isoDate, pageQuery, paginated, postRef, priority, text } from '../../shared/schemas.js';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export { REGISTERS, type Register } from '../../shared/registers.js';
export const register = z.enum(REGISTERS);
/** Age buckets, in calendar days: 0–7, 8–15, 16–30, over 30. */
export const BUCKETS = ['0-7', '8-15', '16-30', '31+'] as const;
export type Bucket = (typeof BUCKETS)[number];
/** Any kind of pending item, as lists show them. */
export const itemType = z.enum(ITEM_TYPES);
/** The kinds whose pendency (reason, register, reminder, inspection) is acted on through /api/pendency/items (applications follow their workflow's deadlines). */
export const actedItemType = z.enum(['receipt', 'file']);
export const typeFilter = z.enum(['all', ...ITEM_TYPES]).default('all');
export const format = z.enum(['csv', 'pdf']);

// ------------------------------------------------------------------ dashboard

const bucketCounts = z.object({ upTo7: z.int(), upTo15: z.int(), upTo30: z.int(), over30: z.int() });
const pendencyCounts = z.object({
  pending: z.int(),
  receipts: z.int(),
  files: z.int(),
  parked: z.int().describe('set aside by the holder (still pending)'),
  overdue: z.int().describe('due date before today'),
  overdueNoReason: z.int().describe('overdue and no delay reason recorded by the holder for this holding (CSMOP para 60)'),
  dueSoon: z.int().describe('not overdue, due within the next 2 working days'),
  hidden: z.int().describe('graded items counted here whose details the viewer may not see'),
  dwell: bucketCounts.describe('by time with the current holder'),
  age: bucketCounts.describe('by total age since received / opened'),
});
export const officeRef = z.object({ id, code: z.string(), name: bilingual, kind: z.enum(OFFICE_KINDS), parentId: id.nullable() });
export const sectionRef = z.object({ id, code: z.string(), name: bilingual });
const trendWeek = z.object({
  weekStart: isoDate.describe('Monday (IST)'),
  weekEnd: isoDate.describe('Sunday (IST)'),
  received: z.int().describe('receipts registered and files opened in the scope’s offices'),
  disposed: z.int().describe('receipts closed or put in a file, files closed'),
  pendingAtEnd: z.int().describe('items registered in the scope’s offices still pending at the end of the week'),
});

export const summaryQuery = z.object({
  officeId: id.optional().describe('narrow to this office and the offices under it (must be within the acting post’s scope, else 404)'),
  type: typeFilter,
  register: register.optional(),
  weeks: z.coerce.number().int().min(1).max(52).default(12).describe('weeks of trend'),
});
export const summaryOut = z.object({
  asOf: z.string(),
  today: isoDate,
  scope: z.object({
    kind: z
      .enum(['offices', 'post'])
      .describe('offices: a supervising post sees its office and every office under it; post: its own items only'),
    office: officeRef.describe('the root office of what is shown'),
    post: postRef.describe('the acting post'),
  }),
  totals: pendencyCounts,
  offices: z.array(
    z.object({
      office: officeRef,
      depth: z.int().describe('0 for the root office, 1 for its children, …'),
      totals: pendencyCounts,
      sections: z.array(
        z.object({
          section: sectionRef.nullable().describe('null: posts of the office outside any section'),
          totals: pendencyCounts,
          posts: z.array(z.object({ post: postRef, totals: pendencyCounts })),
        }),
      ),
    }),
  ),
  trend: z.array(trendWeek),
});

// ------------------------------------------------------------------ lists

const reasonOut = z.object({
  reason: z.string(),
  expectedBy: isoDate,
  at: z.string(),
  by: z.object({ id, username: z.string(), name: bilingual }).nullable(),
  post: postRef.nullable(),
});
const pendingItemOut = z.object({
  type: itemType,
  id,
  hidden: z.boolean().describe('a graded item the viewer may not see: counted, but number, subject, category and reason are withheld'),
  number: z.string().nullable(),
  subject: z.string().nullable(),
  category: z.string().nullable(),
  grading,
  priority,
  register: register.nullable(),
  reference: z.string().nullable(),
  office: officeRef,
  holder: postRef,
  heldSince: z.string(),
  startedOn: isoDate.describe('received date of a receipt, opening date of a file'),
  dwellDays: z.int().describe('calendar days with the current holder'),
  dwellWorkingDays: z.int(),
  ageDays: z.int(),
  dueDate: isoDate.nullable(),
  dueSource: z.enum(['explicit', 'rule', 'register']).nullable(),
  overdue: z.boolean(),
  overdueWorkingDays: z.int().describe('working days past the due date (0 when not overdue)'),
  reason: reasonOut.nullable().describe('delay reason recorded by the holder for this holding'),
  parked: z.boolean(),
  escalationLevel: z.int().describe('highest escalation level reached for this holding (0: none)'),
  abilities: z
    .object({ recordReason: z.boolean(), setRegister: z.boolean(), remind: z.boolean() })
    .describe('what the viewer may do with it (the use cases’ own rule)'),
});
export type PendingItemOut = z.infer<typeof pendingItemOut>;

export const itemsQuery = pageQuery.extend({
  officeId: id.optional(),
  sectionId: z
    .union([id, z.literal('none')])
    .optional()
    .describe('"none": posts of the office outside any section (give officeId)'),
  postId: id.optional(),
  type: typeFilter,
  register: register.optional(),
  priority: priority.optional(),
  bucket: z.enum(BUCKETS).optional(),
  basis: z.enum(['dwell', 'age']).default('dwell').describe('what `bucket` applies to'),
  overdue: bool.optional(),
  noReason: bool.optional().describe('true: only items without a recorded delay reason'),
  parked: bool.optional(),
  hidden: bool.optional().describe('false: leave out graded items whose details are withheld'),
  sort: z.enum(['dwell', 'age', 'due']).default('dwell').describe('dwell/age: longest first; due: earliest due first'),
});
export const itemsOut = paginated(pendingItemOut);

export const mineQuery = pageQuery.extend({
  type: typeFilter,
  overdue: bool.optional(),
  sort: z.enum(['dwell', 'age', 'due']).default('dwell'),
});

export const disposalQuery = z.object({
  from: isoDate.optional().describe('default: 30 days before `to`'),
  to: isoDate.optional().describe('default: today (IST)'),
  officeId: id.optional(),
  type: typeFilter,
});
export const disposalOut = z.object({
  from: isoDate,
  to: isoDate,
  posts: z.array(
    z.object({
      post: postRef,
      office: officeRef,
      received: z.int().describe('items that reached the post in the range'),
      disposed: z.int().describe('items closed (or receipts put in a file) by the post in the range'),
      sentOn: z.int().describe('items the post sent or returned in the range'),
      medianHandlingHours: z
        .number()
        .nullable()
        .describe(
          'median time from an item reaching the post to its leaving it (sent on, returned, closed), over items that left in the range',
        ),
      p90HandlingHours: z.number().nullable(),
    }),
  ),
  totals: z.object({ received: z.int(), disposed: z.int(), sentOn: z.int(), medianHandlingHours: z.number().nullable() }),
});

export const registerParams = z.object({ register });
export const registerQuery = pageQuery.extend({
  status: z.enum(['pending', 'all']).default('pending'),
  officeId: id.optional(),
  overdue: bool.optional(),
  type: typeFilter,
});
const registerItemOut = pendingItemOut.extend({
  pending: z.boolean(),
  disposedAt: z.string().nullable(),
  setAt: z.string().describe('when the item was entered in the register'),
});
export const registerOut = paginated(registerItemOut).extend({
  register,
  counts: z.object({ pending: z.int(), overdue: z.int(), disposed: z.int() }),
  deadline: z
    .object({ days: z.int(), dayKind: z.enum(['working', 'calendar']) })
    .nullable()
    .describe('the register’s own deadline (total, from receipt)'),
});

// ------------------------------------------------------------------ one item

export const itemParams = z.object({ type: actedItemType, id });
const alertOut = z.object({
  kind: z.enum(['reminder', 'escalation']),
  level: z.int(),
  at: z.string(),
  dueDate: isoDate.nullable(),
  posts: z.array(postRef),
  heldSince: z.string(),
});
export const itemPendencyOut = z.object({
  type: itemType,
  id,
  pending: pendingItemOut.nullable().describe('null when the item is not pending (closed, or a receipt put in a file)'),
  due: z
    .object({
      explicit: isoDate.nullable().describe('given on diarising or sending: wins over the rules'),
      rule: isoDate.nullable().describe('per-holder deadline from the rule table, counted from when it reached the holder'),
      register: isoDate.nullable().describe('the register’s total deadline, counted from receipt'),
      remindOn: isoDate.nullable(),
      ruleDays: z.int().nullable(),
      ruleDayKind: z.enum(['working', 'calendar']).nullable(),
    })
    .nullable(),
  reasons: z.array(reasonOut).describe('delay reasons of every holding, newest first'),
  alerts: z.array(alertOut).describe('reminders and escalations, newest first'),
  abilities: z.object({
    recordReason: z.boolean(),
    setRegister: z.boolean(),
    remind: z.boolean().describe('a supervising post of the holder may remind it (POST …/remind); false once reminded today'),
    open: z.boolean().describe('the viewer may open the item (GET /api/receipts/:id or /api/files/:id), possibly after POST …/inspect'),
  }),
});
export const delayReasonIn = z.strictObject({
  reason: text(1000).min(3),
  expectedBy: isoDate.describe(
    'when the holder expects to dispose of or send it on (today … today + 90 days); escalation waits until then',
  ),
});
export const setRegisterIn = z.strictObject({
  register: register.nullable(),
  reference: text(120).nullable().optional().describe('RTI registration no., case no., reference no.'),
});
export const inspectOut = z.object({
  type: itemType,
  id,
  granted: z.boolean().describe('true when this call gave the acting post read-only access'),
});

// ------------------------------------------------------------------ configuration

const ruleIn = z.strictObject({
  register: register.nullable().default(null),
  category: text(80).min(1).nullable().default(null),
  priority: priority.nullable().default(null),
  basis: z
    .enum(['holder', 'total'])
    .default('holder')
    .describe('holder: counted from when the item reached its current holder; total: from receipt/opening'),
  days: z.int().min(1).max(365),
  dayKind: z.enum(['working', 'calendar']).default('working'),
  remindBefore: z.int().min(0).max(30).default(1).describe('working days before the due date the holder is reminded'),
});
const ruleOut = ruleIn.extend({ id });
export const rulesIn = z.strictObject({ rules: z.array(ruleIn).min(1).max(200) });
export const escalationIn = z.strictObject({
  levels: z.array(z.strictObject({ afterDays: z.int().min(0).max(90).describe('working days past the due date') })).max(5),
});
export const workWeekIn = z.strictObject({
  officeId: id.nullable().describe('null: the default for every office without its own'),
  weeklyOff: z.array(z.int().min(1).max(7)).max(7).describe('ISO weekdays always off (7 = Sunday)'),
  saturdaysOff: z.array(z.int().min(1).max(5)).max(5).describe('which Saturdays of the month are off (2, 4: second and fourth)'),
});
const workWeekOut = workWeekIn.extend({ office: officeRef.nullable() });
export const configOut = z.object({
  rules: z.array(ruleOut),
  escalation: z.array(z.object({ level: z.int(), afterDays: z.int() })),
  workWeeks: z.array(workWeekOut),
  registers: z.array(register),
});
export const holidaysQuery = z.object({ officeId: id.optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });
export const holidayIn = z.strictObject({
  officeId: id.nullable().describe('null: every office; an office: it and the offices under it'),
  date: isoDate,
  name: bilingual,
});
export const holidayOut = z.object({ id, officeId: id.nullable(), office: officeRef.nullable(), date: isoDate, name: bilingual });
export const holidaysOut = z.object({ items: z.array(holidayOut) });
export const holidayParams = z.object({ id });

// ------------------------------------------------------------------ notifications

const NOTIFICATION_KINDS = ['reminder', 'escalation', 'nudge'] as const;
export const notificationOut = z.object({
  id,
  kind: z.enum(NOTIFICATION_KINDS),
  level: z.int(),
  item: z.object({ type: itemType, id, number: z.string().nullable(), subject: z.string().nullable(), hidden: z.boolean() }),
  holder: postRef.nullable(),
  from: postRef.nullable().describe('nudge: the supervising post that sent the reminder'),
  dueDate: isoDate.nullable(),
  overdueDays: z.int(),
  title: z.string().describe('in the user’s language'),
  body: z.string().describe('in the user’s language'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const notificationsQuery = pageQuery.extend({ unread: bool.optional() });
export const notificationsOut = paginated(notificationOut).extend({ unread: z.int() });
export const notificationParams = z.object({ id });
export const readAllOut = z.object({ marked: z.int() });

// ------------------------------------------------------------------ exports (same filters + format)

export const summaryExportQuery = summaryQuery.extend({ format });
export const itemsExportQuery = itemsQuery.omit({ page: true, pageSize: true }).extend({ format });
export const mineExportQuery = mineQuery.omit({ page: true, pageSize: true }).extend({ format });
export const disposalExportQuery = disposalQuery.extend({ format });
export const registerExportQuery = registerQuery.omit({ page: true, pageSize: true }).extend({ format });

export type SummaryQuery = z.infer<typeof summaryQuery>;
export type ItemsQuery = z.infer<typeof itemsQuery>;
export type MineQuery = z.infer<typeof mineQuery>;
export type DisposalQuery = z.infer<typeof disposalQuery>;
export type RegisterQuery = z.infer<typeof registerQuery>;
export type RuleIn = z.infer<typeof ruleIn>;
export type WorkWeekIn = z.infer<typeof workWeekIn>;
export type HolidayIn = z.infer<typeof holidayIn>;
export type SummaryOut = z.infer<typeof summaryOut>;
export type PendencyCounts = z.infer<typeof pendencyCounts>;
