import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localeFromHeader, messageCatalogues, t } from './i18n.js';
import { ERROR_STATUS } from './app-error.js';
import { GRADINGS, PRIORITIES } from './items.js';
import { RECEIPT_MODES } from '../modules/dak/dak.entity.js';
import { MOVEMENT_KINDS } from '../modules/movement/movement.entity.js';
import { DISPATCH_MODES, DISPATCH_STATUSES } from '../modules/signing/signing.entity.js';
import { REGISTERS } from './registers.js';
import { AREA_KINDS, SERVING_ROLES } from '../modules/gazetteer/gazetteer.entity.js';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('server messages', () => {
  it('exist in Hindi and English with the same keys and no empty text', () => {
    expect(keys(messageCatalogues.hi).sort()).toEqual(keys(messageCatalogues.en).sort());
    for (const lang of ['hi', 'en'] as const) for (const k of keys(messageCatalogues[lang])) expect(t(lang, k).trim()).not.toBe('');
  });

  it('cover every error code in both languages', () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(t('en', `errors.${code}`)).not.toBe(`errors.${code}`);
      expect(t('hi', `errors.${code}`)).toMatch(/[\u0900-\u097F]/);
    }
  });

  it('have every key the code uses, non-empty, in Hindi and English', () => {
    const missing = usedKeys().filter((k) => LANGS.some((lang) => !has(lang, k)));
    expect(missing).toEqual([]);
  });

  it('fills parameters', () => {
    expect(t('en', 'errors.DUPLICATE', { what: 'Username', value: 'sp' })).toBe('Username "sp" already exists.');
    expect(t('hi', 'import.line', { line: 7, reason: 'x' })).toBe('पंक्ति 7: x');
  });

  it('picks the language from Accept-Language by quality', () => {
    expect(localeFromHeader('hi-IN,hi;q=0.9,en;q=0.8', 'en')).toBe('hi');
    expect(localeFromHeader('en-GB,en;q=0.9', 'hi')).toBe('en');
    expect(localeFromHeader('fr;q=1, en;q=0.2, hi;q=0.5', 'en')).toBe('hi');
    expect(localeFromHeader('de', 'hi')).toBe('hi');
    expect(localeFromHeader(undefined, 'en')).toBe('en');
  });
});

// ---------------------------------------------------------------------------------------------
// every message key the backend uses, found in its source

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LANGS = ['hi', 'en'] as const;

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [{ file: p, text: readFileSync(p, 'utf8') }] : [];
  });
}

/** The string literals of a union type declared in the source (`export type X = 'a' | 'b'`). */
function unionOf(file: string, type: string): string[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const decl = new RegExp(`type ${type} =([^;]+);`).exec(text);
  if (!decl) throw new Error(`${type} not found in ${file}`);
  return [...decl[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

function usedKeys(): string[] {
  const keys = new Set<string>();
  const add = (k: string) => keys.add(k);
  const patterns: Array<[RegExp, (m: RegExpMatchArray) => string[], RegExp?]> = [
    [/\bt\(\s*[\w.]+\s*,\s*'([\w.]+)'/g, (m) => [m[1]!]], // t(locale, 'key')
    [/tKey:\s*'([\w.]+)'/g, (m) => [m[1]!]], // params/issues naming a message
    [/fieldError\(\[[^\]]*\],\s*'\w+',\s*'([\w.]+)'/g, (m) => [m[1]!]],
    [/message:\s*'(fields\.[\w.]+)'/g, (m) => [m[1]!]], // zod refinements
    [/\bfail\([^,]+,\s*'([\w.]+)'/g, (m) => [m[1]!]], // org import lines
    [/\breport\([^,]+,\s*[^,]+,\s*'([\w.]+)'/g, (m) => [m[1]!], /gazetteer-csv\.ts$/], // gazetteer import: line, column, key
    [/\btr\('([\w.]+)'/g, (m) => [`pendency.export.${m[1]}`], /export-report\.ts$/],
    [/\b(?:p\.)?tr\('([\w.]+)'/g, (m) => [`print.${m[1]}`], /(print-[\w-]+|shared\/print)\.ts$/], // printed documents: printing(locale).tr
    [/invalidState\(([^)]*)\)/g, (m) => [...m[1]!.matchAll(/(?<!===?\s*)'(\w+)'/g)].map((x) => `reasons.${x[1]}`)], // the results of a ternary, not its condition
    [/assertUnique\([^,]+,\s*'(\w+)'/g, (m) => [`what.${m[1]}`]],
  ];
  for (const { file, text } of sources(SRC))
    for (const [re, keysOf, only] of patterns) if (!only || only.test(file)) for (const m of text.matchAll(re)) keysOf(m).forEach(add);
  // keys made at run time from a known set of values
  Object.keys(ERROR_STATUS).forEach((c) => add(`errors.${c}`));
  [
    'required',
    'invalid',
    'invalid_type',
    'too_small',
    'too_big',
    'invalid_format',
    'invalid_value',
    'unrecognized_keys',
    'invalidDate',
  ].forEach((k) => add(`fields.${k}`));
  unionOf('shared/text.ts', 'UnsafeTextReason').forEach((r) => add(`fields.${r}`));
  unionOf('infra/images/scan-file.ts', 'ScanRejectReason').forEach((r) => add(`scan.${r}`));
  add('scan.duplicate');
  [...AREA_KINDS, 'serving'].forEach((k) => add(`gazetteer.kind.${k}`));
  SERVING_ROLES.forEach((r) => add(`gazetteer.role.${r}`));
  unionOf('modules/signing/enrolment.ts', 'RejectReason').forEach((r) => add(`signing.reject.${r}`));
  ['closed', 'filed'].forEach((s) => add(`reasons.${s}`)); // invalidState(appendTo.status) in upload-scans.ts
  REGISTERS.forEach((r) => add(`pendency.registers.${r}`));
  ['receipt', 'file'].forEach((v) => add(`pendency.export.type_${v}`));
  PRIORITIES.forEach((v) => add(`pendency.export.priority_${v}`));
  GRADINGS.forEach((v) => add(`pendency.export.grading_${v}`));
  [
    'officeId',
    'sectionId',
    'postId',
    'type',
    'register',
    'priority',
    'bucketDwell',
    'bucketAge',
    'status',
    'from',
    'to',
    'overdue',
    'noReason',
    'parked',
    'hidden',
  ].forEach((f) => add(`pendency.export.filter.${f}`));
  ['yes', 'no', 'pendingState', 'allStates'].forEach((k) => add(`pendency.export.${k}`));
  // printed documents: values in words
  RECEIPT_MODES.forEach((v) => add(`print.modes.${v}`));
  GRADINGS.forEach((v) => add(`print.grading.${v}`));
  PRIORITIES.forEach((v) => add(`print.priority.${v}`));
  MOVEMENT_KINDS.forEach((v) => add(`print.movement.${v}`));
  DISPATCH_MODES.forEach((v) => add(`print.dispatch.modes.${v}`));
  DISPATCH_STATUSES.forEach((v) => add(`print.dispatch.statuses.${v}`));
  return [...keys].sort();
}

function has(lang: 'hi' | 'en', key: string): boolean {
  const value = key
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), messageCatalogues[lang]);
  return typeof value === 'string' && value.trim() !== '' && (lang === 'en' || /[\u0900-\u097F]/.test(value));
}

describe('the key walk', () => {
  it('no field issue carries hard-coded text: a key (tKey, fieldError) or t(locale, …) instead', () => {
    const hardCoded = sources(SRC).flatMap(({ file, text }) =>
      [...text.matchAll(/issues:\s*\[\{[^}]*?message:\s*['`"]/g)].map((m) => `${path.relative(SRC, file)}: ${m[0]}`),
    );
    expect(hardCoded).toEqual([]);
  });

  it('finds the keys of every kind of use', () => {
    const keys = usedKeys();
    for (const k of [
      'errors.INTERNAL',
      'fields.controlCharacter',
      'fields.dateFuture',
      'issues.unknownPost',
      'issues.signatureCount',
      'reasons.sameHolder',
      'what.holiday',
      'import.badKind',
      'pendency.export.footer',
      'scan.too_large',
      'signing.reject.badProof',
      'verify.notPdf',
      'pendency.expectedByRange',
      'print.footer',
      'print.notesheet.pageRef',
      'print.dispatch.title',
      'pendency.export.filters',
    ])
      expect(keys, k).toContain(k);
    expect(keys.length).toBeGreaterThan(150);
  });
});
