import type { z } from 'zod';
import { AppError } from '../shared/app-error.js';
import { t, type Locale } from '../shared/i18n.js';
import { findUnsafeText } from '../shared/text.js';

export interface FieldIssue {
  path: string[];
  code: string;
  message: string;
}

type Issue = z.core.$ZodIssue & {
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  keys?: string[];
  input?: unknown;
  format?: string;
  params?: Record<string, unknown>;
};

const NUMBERS = ['number', 'int', 'bigint'];
const LISTS = ['array', 'set'];

/**
 * The message key of an issue, in plain words: what to type rather than what went wrong inside
 * ("Enter at least 3 characters", not "Too small (minimum 3)"). An empty required text is "required".
 */
function keyOf(i: Issue): string {
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined || i.input === null ? 'fields.required' : 'fields.invalid_type';
    case 'too_small': {
      const min = Number(i.minimum);
      if (i.origin === 'string') return min <= 1 ? 'fields.required' : 'fields.tooShort';
      if (NUMBERS.includes(i.origin ?? '')) return i.inclusive === false ? 'fields.numberAbove' : 'fields.numberAtLeast';
      if (LISTS.includes(i.origin ?? '')) return min <= 1 ? 'fields.chooseOne' : 'fields.tooFew';
      return 'fields.too_small';
    }
    case 'too_big':
      if (i.origin === 'string') return 'fields.tooLong';
      if (NUMBERS.includes(i.origin ?? '')) return i.inclusive === false ? 'fields.numberBelow' : 'fields.numberAtMost';
      if (LISTS.includes(i.origin ?? '')) return 'fields.tooMany';
      return 'fields.too_big';
    case 'invalid_format':
      if (i.format === 'date' || i.format === 'datetime') return 'fields.invalidDate';
      if (i.format === 'email') return 'fields.email';
      if (i.format === 'uuid' || i.format === 'guid') return 'fields.invalidId';
      return 'fields.invalid_format';
    case 'invalid_value':
    case 'unrecognized_keys':
      return `fields.${i.code}`;
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
      return 'fields.invalid';
  }
}

/**
 * zod issues → field issues with messages in the user's language. A schema that knows better than
 * the generic words names a message key (`fields.*`) as the issue's message (refinements, and regex
 * rules such as the username's that say what is allowed); any other text it gives is kept as it is
 * for custom issues and replaced by the plain words of its kind otherwise.
 */
export function localiseIssues(issues: readonly z.core.$ZodIssue[], locale: Locale): FieldIssue[] {
  return issues.map((issue) => {
    const i = issue as Issue;
    const own = issue.message.startsWith('fields.')
      ? t(locale, issue.message, i.params)
      : issue.code === 'custom'
        ? issue.message
        : undefined;
    return {
      path: issue.path.map(String),
      code: issue.code,
      message: own ?? t(locale, keyOf(i), { minimum: String(i.minimum), maximum: String(i.maximum), keys: i.keys?.join(', ') }),
    };
  });
}

/**
 * Validates one part of a request: text that cannot be stored (NUL, control characters, lone
 * surrogates — see shared/text.ts) is refused wherever it is, a body must be a JSON object, and
 * then the route's zod schema decides. All problems are reported together, each at its field.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, locale: Locale, where: 'body' | 'query' | 'params'): T {
  const at = (path: (string | number)[]) => (where === 'body' ? path.map(String) : [where, ...path.map(String)]);
  if (where === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      { issues: [{ path: [], code: 'invalid_type', message: t(locale, 'fields.bodyNotObject') }] },
    );
  }
  const unsafe = findUnsafeText(value).map((u) => ({ path: at(u.path), code: 'invalid_text', message: t(locale, `fields.${u.reason}`) }));
  const result = schema.safeParse(value);
  if (result.success && !unsafe.length) return result.data;
  const seen = new Set(unsafe.map((u) => u.path.join('.')));
  const issues = [
    ...unsafe,
    ...(result.success
      ? []
      : localiseIssues(result.error.issues, locale)
          .map((i) => ({ ...i, path: at(i.path) }))
          .filter((i) => !seen.has(i.path.join('.')))),
  ];
  throw new AppError('VALIDATION_FAILED', {}, { issues });
}
