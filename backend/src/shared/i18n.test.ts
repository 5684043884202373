import { describe, expect, it } from 'vitest';
import { localeFromHeader, messageCatalogues, t } from './i18n.js';
import { ERROR_STATUS } from './app-error.js';

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
