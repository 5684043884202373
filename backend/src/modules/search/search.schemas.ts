import { z } from 'zod';
import { grading, id, isoDate, pageQuery, paginated, text } from '../../shared/schemas.js';
import { RECEIPT_STATUSES } from '../dak/index.js';

export const searchQuery = pageQuery.extend({
  q: text(200).min(1),
  from: isoDate.optional(),
  to: isoDate.optional(),
  officeId: id.optional(),
  category: text(80).optional(),
  grading: grading.optional(),
  status: z
    .enum([...RECEIPT_STATUSES, 'open'])
    .optional()
    .describe('receipt status, or open/closed for files'),
  type: z.enum(['all', 'receipt', 'file']).default('all'),
});
const searchHitOut = z.object({
  type: z.enum(['receipt', 'file']),
  id,
  number: z.string().nullable().describe('diary number or file number'),
  diaryNumber: z.string().nullable(),
  subject: z.string().nullable(),
  sender: z.string().nullable(),
  letterNumber: z.string().nullable(),
  status: z.string(),
  grading,
  receivedDate: isoDate.nullable(),
  rank: z.number(),
  snippet: z.string().nullable().describe('matching words marked «like this»: from a page, a note or the subject'),
  pageNo: z.int().nullable(),
  viaSupervision: z
    .boolean()
    .describe(
      'reached only through the acting post’s supervision (an ungraded item pending in an office it supervises): open it through POST /api/pendency/items/:type/:id/inspect (audited), as the drill-down does',
    ),
});
export const searchOut = paginated(searchHitOut).extend({
  more: z
    .boolean()
    .describe(
      'true when more items match than were ranked (SEARCH_RANKED_MAX, 500, of each kind: the newest): total then means "at least"',
    ),
});

export type SearchQuery = z.infer<typeof searchQuery>;

export const suggestQuery = z.object({
  q: text(100).min(1).describe('what has been typed so far: the start of a diary or file number, or of words of a subject'),
});
export const suggestOut = z.object({
  items: z
    .array(
      z.object({
        type: z.enum(['receipt', 'file']),
        id,
        number: z.string().nullable().describe('diary number or file number'),
        subject: z.string().nullable(),
      }),
    )
    .max(10),
});
export type SuggestQuery = z.infer<typeof suggestQuery>;
