import { ITEM_TYPES } from './movement.entity.js';
import { z } from 'zod';
import {
  bilingual,
  grading,
  id,
  isoDate,
  isoDateTime,
  pageQuery,
  paginated,
  postRef,
  priority,
  text,
  version,
} from '../../shared/schemas.js';

/** One move of an item, as its history shows it. */
export const movementOut = z.object({
  id,
  kind: z.enum(['send', 'copy', 'pull_back', 'return']),
  from: postRef,
  to: postRef,
  sentBy: z.object({ id, username: z.string(), name: bilingual }),
  remarks: z.string().nullable(),
  priority,
  dueDate: isoDate.nullable(),
  sentAt: z.string(),
  openedAt: z.string().nullable(),
  openedBy: z.object({ id, username: z.string(), name: bilingual }).nullable(),
  dwellSeconds: z.int().nullable().describe('how long the recipient held it after this move (till the next move, or till now)'),
});

export const itemParams = z.object({ id });
export const sendIn = z.strictObject({
  version,
  toPostId: id,
  remarks: text(2000).nullable().optional(),
  priority: priority.optional(),
  dueDate: isoDate.nullable().optional(),
  copyTo: z.array(id).max(50).default([]),
});
export const versionIn = z.strictObject({ version });
export const remarksIn = z.strictObject({ version, remarks: text(2000).nullable().optional() });
/**
 * The answer to a move (send, pull back, return, park, unpark, close, reopen): what changed, not the
 * whole item. The UI refetches what it shows (the `hint` tells every other viewer to do the same).
 */
export const movedOut = z.object({
  id,
  type: z.enum(ITEM_TYPES),
  version: z.int(),
  status: z.string().describe('receipts: diarised or closed; files and applications: open or closed (applications also with_applicant)'),
  holder: z.object({ postId: id, since: z.string().describe('when the holder got it') }),
  parkedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  movementId: id.nullable().describe('the movement recorded (send, pull back, return); null for park, unpark, close, reopen'),
});

export const INBOX_TABS = ['inbox', 'sent', 'copies', 'parked', 'closed'] as const;
export const inboxQuery = pageQuery.extend({
  tab: z.enum(INBOX_TABS).default('inbox'),
  type: z.enum(['all', ...ITEM_TYPES]).default('all'),
  priority: priority.optional(),
  grading: grading.optional(),
  officeId: id.optional(),
  category: text(80).optional(),
  status: z.enum(['draft', 'diarised', 'open']).optional().describe('receipts: draft or diarised; files and applications: open'),
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('past the pendency due date (as the dashboard counts it)'),
  sort: z.enum(['priority', 'received', 'due', 'age']).default('priority'),
});
const inboxItemOut = z.object({
  type: z.enum(ITEM_TYPES),
  id,
  version: z.int().describe('for a move from the list (bulk actions)'),
  status: z.string(),
  number: z.string().nullable(),
  subject: z.string().nullable(),
  sender: z.string().nullable(),
  category: z.string().nullable(),
  officeId: id,
  pageCount: z.int(),
  priority,
  grading,
  dueDate: isoDate
    .nullable()
    .describe(
      'the pendency due date (as GET /api/pendency/items gives it): the explicit one, else the rule or register date on the working calendar; null when not pending',
    ),
  overdue: z.boolean().describe('the due date is before today (IST)'),
  overdueWorkingDays: z.int().describe('working days past the due date (0 when not overdue)'),
  since: z.string().describe('when it reached this tab (arrived, sent, copied, parked, closed)'),
  createdAt: z.string(),
  from: postRef.nullable(),
  to: postRef.nullable(),
  remarks: z.string().nullable(),
  unread: z.boolean(),
});
export const inboxOut = paginated(inboxItemOut);
export const inboxCountsOut = z.object({
  inbox: z.int(),
  unread: z.int(),
  copies: z.int(),
  parked: z.int(),
  overdue: z.int().describe('held items past their pendency due date'),
});

export const changesQuery = z.object({ since: isoDateTime });
export const changesOut = z.object({
  now: z.string(),
  arrived: z.array(z.object({ type: z.enum(ITEM_TYPES), id, kind: z.enum(['send', 'copy', 'pull_back', 'return']), at: z.string() })),
  left: z.array(z.object({ type: z.enum(ITEM_TYPES), id, at: z.string() })),
});

/** At most this many items in one bulk action (a clerk's morning dak comes in stacks of tens). */
export const BULK_MAX = 200;
export const bulkIn = z
  .strictObject({
    action: z.enum(['send', 'park', 'markRead']),
    items: z
      .array(z.strictObject({ kind: z.enum(ITEM_TYPES), id, version }))
      .min(1)
      .max(BULK_MAX)
      .describe('the items, each with the version the user saw (markRead ignores it)'),
    toPostId: id.optional().describe('send: the post every item goes to'),
    copyToPostIds: z.array(id).max(50).default([]).describe('send: posts that get a copy of each item for information'),
    priority: priority.optional().describe('send: a priority for every item (else each keeps its own)'),
    dueDate: isoDate.nullable().optional().describe('send: a due date for every item'),
    remarks: text(2000).nullable().optional().describe('send and park: the same remarks on every item'),
  })
  .superRefine((v, ctx) => {
    if (v.action === 'send' && !v.toPostId) ctx.addIssue({ code: 'custom', path: ['toPostId'], message: 'fields.required' });
    const seen = new Set<string>();
    v.items.forEach((item, i) => {
      const key = `${item.kind}:${item.id}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: 'fields.duplicateItem' });
      seen.add(key);
    });
  });
export const bulkOut = z.object({
  results: z
    .array(
      z.object({
        kind: z.enum(ITEM_TYPES),
        id,
        ok: z.boolean(),
        version: z.int().nullable().describe("the item's version after the action (ok), else null"),
        error: z
          .string()
          .nullable()
          .describe('the error code when not done (NOT_FOUND, CONFLICT, INVALID_STATE, …), as a single action would answer'),
        message: z.string().nullable().describe("why not, in the user's language"),
      }),
    )
    .describe('one per item, in the order asked; each item was done (or not) in its own transaction'),
  succeeded: z.int(),
  failed: z.int(),
});

export type BulkInput = z.infer<typeof bulkIn>;
export type BulkOutput = z.infer<typeof bulkOut>;
export type SendInput = z.infer<typeof sendIn>;
export type Moved = z.infer<typeof movedOut>;
export type VersionInput = z.infer<typeof versionIn>;
export type RemarksInput = z.infer<typeof remarksIn>;
export type InboxQuery = z.infer<typeof inboxQuery>;
