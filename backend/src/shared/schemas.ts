import { z } from 'zod';
import { formatDmy, istDate } from './dates.js';
import { stripInvisible } from './text.js';
import { GRADINGS, PRIORITIES } from './items.js';

/**
 * zod pieces every module's request and response schemas share: ids, versions, pages, bilingual
 * names, plain text and calendar dates, and what every item carries. Custom issues carry a message
 * key (`fields.*`) and params; the validation layer translates them.
 */

export const id = z.uuid();
/** The optimistic-lock version a change must name (CONFLICT when the row moved on). */
export const version = z.int().min(1);

/** Plain text (names, subjects, numbers, remarks): invisible characters dropped (see text.ts), trimmed, at most `max` characters. */
export const text = (max: number) => z.string().overwrite(stripInvisible).trim().max(max);

/**
 * The range of every calendar date the API accepts: 01.01.1900 to 31.12.2099. Outside it a date is
 * a typing mistake (year 0000, 9999), and PostgreSQL cannot even store some of them.
 */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2099-12-31';
const range = { min: formatDmy(DATE_MIN), max: formatDmy(DATE_MAX) };

/** A calendar date 'YYYY-MM-DD' (IST) that exists (no 30 February) and lies in [DATE_MIN, DATE_MAX]. */
export const isoDate = z.iso
  .date({ abort: true })
  .refine((v) => v >= DATE_MIN && v <= DATE_MAX, { message: 'fields.dateRange', params: range, abort: true });

/** A date something already happened on (a letter written, received): not after today (IST), not before 01.01.1900. */
export const pastDate = isoDate.superRefine((v, ctx) => {
  const today = istDate();
  if (v > today) ctx.addIssue({ code: 'custom', message: 'fields.dateFuture', params: { today: formatDmy(today) } });
});

const TIME_MIN = Date.parse(`${DATE_MIN}T00:00:00+05:30`);
const TIME_MAX = Date.parse(`${DATE_MAX}T23:59:59.999+05:30`);
/** An ISO 8601 timestamp with offset, within the same range as dates. */
export const isoDateTime = z.iso.datetime({ offset: true, abort: true }).refine(
  (v) => {
    const at = Date.parse(v);
    return at >= TIME_MIN && at <= TIME_MAX;
  },
  { message: 'fields.dateRange', params: range },
);

/** A name in both languages. */
export const bilingual = z.object({
  en: text(200).min(1),
  hi: text(200).min(1),
});

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

export const paginated = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.int(), page: z.int(), pageSize: z.int() });

/** A post as items and lists show it (who holds, who sent). */
export const postRef = z.object({ id, code: z.string(), designation: bilingual, officeName: bilingual });

export const grading = z.enum(GRADINGS);
export const priority = z.enum(PRIORITIES);
