import type { z } from 'zod';
import { AppError } from '../shared/app-error.js';
import { t, type Locale } from '../shared/i18n.js';
import { findUnsafeText } from '../shared/text.js';

export interface FieldIssue {
  path: string[];
  code: string;
  message: string;
}

const GENERIC = ['invalid_type', 'too_small', 'too_big', 'invalid_format', 'invalid_value', 'unrecognized_keys'];

/** zod issues → field issues with messages in the user's language. */
export function localiseIssues(issues: readonly z.core.$ZodIssue[], locale: Locale): FieldIssue[] {
  return issues.map((issue) => {
    const i = issue as z.core.$ZodIssue & { minimum?: unknown; maximum?: unknown; keys?: string[]; input?: unknown; format?: string; params?: Record<string, unknown> };
    let key = `fields.${issue.code}`;
    if (issue.code === 'invalid_type' && i.input === undefined) key = 'fields.required';
    else if (issue.code === 'invalid_format' && (i.format === 'date' || i.format === 'datetime')) key = 'fields.invalidDate';
    else if (!GENERIC.includes(issue.code)) key = 'fields.invalid';
    // custom issues (refinements) name a message key with params; a plain text message is kept as it is
    const custom = issue.code === 'custom' ? (issue.message.startsWith('fields.') ? t(locale, issue.message, i.params) : issue.message) : undefined;
    return {
      path: issue.path.map(String),
      code: issue.code,
      message: custom ?? t(locale, key, { minimum: i.minimum, maximum: i.maximum, keys: i.keys?.join(', ') }),
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
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: [], code: 'invalid_type', message: t(locale, 'fields.bodyNotObject') }] });
  }
  const unsafe = findUnsafeText(value).map((u) => ({ path: at(u.path), code: 'invalid_text', message: t(locale, `fields.${u.reason}`) }));
  const result = schema.safeParse(value);
  if (result.success && !unsafe.length) return result.data;
  const seen = new Set(unsafe.map((u) => u.path.join('.')));
  const issues = [...unsafe, ...(result.success ? [] : localiseIssues(result.error.issues, locale).map((i) => ({ ...i, path: at(i.path) })).filter((i) => !seen.has(i.path.join('.'))))];
  throw new AppError('VALIDATION_FAILED', {}, { issues });
}
