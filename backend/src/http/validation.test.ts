import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../shared/app-error.js';
import { istDate } from '../shared/dates.js';
import { createPhysicalIn } from '../modules/dak/dak.schemas.js';
import { searchQuery } from '../modules/search/search.schemas.js';
import { createOfficeIn, createUserIn } from '../modules/org/org.schemas.js';
import { parseOrThrow } from './validation.js';

const issuesOf = (fn: () => unknown): Array<{ path: string[]; code: string; message: string }> => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION_FAILED');
    return (e as AppError).details!.issues as never;
  }
  throw new Error('no error');
};

const letter = {
  receivedDate: '2026-11-20',
  mode: 'post',
  sender: 'DIG, Bareilly Range',
  letterDate: '2026-11-14',
  subject: 'Theft at Kotwali market',
};
const office = { code: 'PBT-X', name: { en: 'Office', hi: 'कार्यालय' }, kind: 'police_station', parentId: null };

describe('request validation', () => {
  it('a body that is not a JSON object (null, a string, an array, a number) is refused in the user’s language', () => {
    for (const body of [null, 'hi', [], [{}], 123, true]) {
      expect(issuesOf(() => parseOrThrow(createOfficeIn, body, 'en', 'body'))).toEqual([
        { path: [], code: 'invalid_type', message: 'The request body must be a JSON object.' },
      ]);
      expect(issuesOf(() => parseOrThrow(createOfficeIn, body, 'hi', 'body'))[0]!.message).toMatch(/JSON ऑब्जेक्ट/);
    }
  });

  it('NUL and lone surrogates are refused at their field, however deep, before the schema runs', () => {
    expect(issuesOf(() => parseOrThrow(createOfficeIn, { ...office, name: { en: 'a\u0000b', hi: 'x\ud800y' } }, 'en', 'body'))).toEqual([
      { path: ['name', 'en'], code: 'invalid_text', message: expect.stringMatching(/control characters/) },
      { path: ['name', 'hi'], code: 'invalid_text', message: expect.stringMatching(/broken characters/) },
    ]);
    expect(issuesOf(() => parseOrThrow(searchQuery, { q: 'a\u0000b' }, 'hi', 'query'))).toEqual([
      { path: ['query', 'q'], code: 'invalid_text', message: expect.stringMatching(/नियंत्रण वर्ण/) },
    ]);
  });

  it('reports text and schema problems together, once per field', () => {
    const issues = issuesOf(() => parseOrThrow(createOfficeIn, { ...office, code: 'a\u0000', kind: 'pigeon' }, 'en', 'body'));
    expect(issues.map((i) => i.path.join('.'))).toEqual(['code', 'kind']);
  });

  it('strips bidi overrides and zero-width characters from names, subjects and numbers', () => {
    const parsed = parseOrThrow(
      createPhysicalIn,
      { ...letter, subject: '\u202EThe\u200Bft report\u202C', letterNumber: 'ASP/\uFEFF117/2026' },
      'en',
      'body',
    );
    expect(parsed.subject).toBe('Theft report');
    expect(parsed.letterNumber).toBe('ASP/117/2026');
  });

  it('dates: year 0000 and 9999 and days that do not exist are named, with DD.MM.YYYY in the message', () => {
    expect(issuesOf(() => parseOrThrow(createPhysicalIn, { ...letter, receivedDate: '0000-01-01' }, 'en', 'body'))).toEqual([
      { path: ['receivedDate'], code: 'custom', message: 'Give a date from 01.01.1900 to 31.12.2099.' },
    ]);
    expect(issuesOf(() => parseOrThrow(createPhysicalIn, { ...letter, receivedDate: '9999-12-31' }, 'hi', 'body'))).toEqual([
      { path: ['receivedDate'], code: 'custom', message: '01.01.1900 से 31.12.2099 के बीच की तिथि दें।' },
    ]);
    expect(issuesOf(() => parseOrThrow(createPhysicalIn, { ...letter, receivedDate: '1900-01-00' }, 'en', 'body'))).toEqual([
      { path: ['receivedDate'], code: 'invalid_format', message: 'This is not a valid date.' },
    ]);
    expect(issuesOf(() => parseOrThrow(searchQuery, { q: 'x', from: '0000-01-01' }, 'en', 'query'))[0]!.path).toEqual(['query', 'from']);
  });

  it('received and letter dates are not in the future; a letter is not received before it was written, nor due before it was received', () => {
    const tomorrow = new Date(Date.now() + 36 * 3600_000);
    const future = istDate(tomorrow);
    const today = istDate().split('-').reverse().join('.');
    expect(issuesOf(() => parseOrThrow(createPhysicalIn, { ...letter, receivedDate: future, letterDate: null }, 'en', 'body'))).toEqual([
      { path: ['receivedDate'], code: 'custom', message: `This date cannot be later than today (${today}).` },
    ]);
    expect(issuesOf(() => parseOrThrow(createPhysicalIn, { ...letter, letterDate: '2026-11-21' }, 'en', 'body'))).toEqual([
      { path: ['letterDate'], code: 'custom', message: 'The letter date cannot be later than the received date (20.11.2026).' },
    ]);
    expect(issuesOf(() => parseOrThrow(createPhysicalIn, { ...letter, dueDate: '2026-11-19' }, 'hi', 'body'))).toEqual([
      { path: ['dueDate'], code: 'custom', message: 'नियत तिथि प्राप्ति तिथि (20.11.2026) से पहले की नहीं हो सकती।' },
    ]);
    expect(parseOrThrow(createPhysicalIn, { ...letter, dueDate: '2026-11-20' }, 'en', 'body').dueDate).toBe('2026-11-20');
    expect(
      parseOrThrow(createPhysicalIn, { ...letter, receivedDate: '1900-01-01', letterDate: '1900-01-01' }, 'en', 'body').receivedDate,
    ).toBe('1900-01-01');
  });

  it('a refinement with a plain message keeps it', () => {
    const schema = z.object({ a: z.string().refine(() => false, 'plain words') });
    expect(issuesOf(() => parseOrThrow(schema, { a: 'x' }, 'en', 'body'))[0]!.message).toBe('plain words');
  });
});

/** The messages a body gets, by field path. */
function messages(schema: z.ZodType, body: unknown, locale: 'hi' | 'en'): Record<string, string> {
  try {
    parseOrThrow(schema, body, locale, 'body');
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const issues = (e.details as { issues: { path: string[]; message: string }[] }).issues;
    return Object.fromEntries(issues.map((i) => [i.path.join('.'), i.message]));
  }
  return {};
}

describe('validation messages in plain words', () => {
  const user = { username: 'Ram Kumar!', name: { en: 'Ram Kumar', hi: '' }, password: 'patravali-demo' };

  it('say what a username may hold, and that an empty name is required (English)', () => {
    const m = messages(createUserIn, user, 'en');
    expect(m.username).toBe(
      'Use only small English letters (a–z), digits (0–9) and the signs . _ - , starting with a letter or a digit; no spaces. For example: ram.kumar',
    );
    expect(m['name.hi']).toBe('This field is required.');
  });

  it('say the same in Hindi', () => {
    const m = messages(createUserIn, user, 'hi');
    expect(m.username).toContain('केवल छोटे अंग्रेज़ी अक्षर (a–z)');
    expect(m['name.hi']).toBe('यह प्रविष्टि आवश्यक है।');
  });

  it('never show the internal wording ("minimum", "Too short")', () => {
    const schema = z.object({
      a: z.string().min(3),
      b: z.string().max(2),
      c: z.int().min(1),
      d: z.array(z.string()).min(1),
      e: z.number().positive(),
      f: z.email(),
    });
    const body = { a: 'x', b: 'xyz', c: 0, d: [], e: 0, f: 'nope' };
    expect(messages(schema, body, 'en')).toEqual({
      a: 'Enter at least 3 characters.',
      b: 'Enter no more than 2 characters.',
      c: 'Enter a number of 1 or more.',
      d: 'Choose at least one.',
      e: 'Enter a number greater than 0.',
      f: 'Enter an e-mail address such as name@example.com.',
    });
    for (const text of [...Object.values(messages(schema, body, 'en')), ...Object.values(messages(schema, body, 'hi'))])
      expect(text).not.toMatch(/minimum|maximum|too short|न्यूनतम/i);
    expect(messages(schema, body, 'hi').a).toBe('कम से कम 3 अक्षर लिखें।');
  });
});
