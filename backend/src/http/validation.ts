import type { z } from 'zod';
import { AppError } from '../shared/app-error.js';
import { t, type Locale } from '../shared/i18n.js';

export interface FieldIssue {
  path: string[];
  code: string;
  message: string;
}

/** zod issues → field issues with messages in the user's language. */
export function localiseIssues(issues: readonly z.core.$ZodIssue[], locale: Locale): FieldIssue[] {
  return issues.map((issue) => {
    const i = issue as z.core.$ZodIssue & { minimum?: unknown; maximum?: unknown; keys?: string[]; input?: unknown };
    let key = `fields.${issue.code}`;
    if (issue.code === 'invalid_type' && i.input === undefined) key = 'fields.required';
    if (!['invalid_type', 'too_small', 'too_big', 'invalid_format', 'invalid_value', 'unrecognized_keys'].includes(issue.code) && key !== 'fields.required') key = 'fields.invalid';
    const custom = issue.code === 'custom' ? issue.message : undefined;
    return {
      path: issue.path.map(String),
      code: issue.code,
      message: custom ?? t(locale, key, { minimum: i.minimum, maximum: i.maximum, keys: i.keys?.join(', ') }),
    };
  });
}

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, locale: Locale, where: 'body' | 'query' | 'params'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = localiseIssues(result.error.issues, locale).map((i) => (where === 'body' ? i : { ...i, path: [where, ...i.path] }));
  throw new AppError('VALIDATION_FAILED', {}, { issues });
}
