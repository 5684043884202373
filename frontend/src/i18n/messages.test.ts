import { describe, expect, it } from 'vitest';
import hi from './hi.json';
import en from './en.json';
import { i18n } from '.';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [k2, v2] of flatten(v, key)) out.set(k2, v2);
  }
  return out;
}

const hiFlat = flatten(hi as Tree);
const enFlat = flatten(en as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('hi.json and en.json have exactly the same keys', () => {
    expect([...hiFlat.keys()].sort()).toEqual([...enFlat.keys()].sort());
    expect(hiFlat.size).toBeGreaterThan(100);
  });

  it('has no empty values', () => {
    for (const [key, value] of [...hiFlat, ...enFlat]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('writes every Hindi text in Devanagari', () => {
    for (const [key, value] of hiFlat) expect(value, key).toMatch(/[\u0900-\u097F]/);
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, value] of enFlat) expect(placeholders(hiFlat.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('compiles every message and fills its placeholders', () => {
    const t = i18n.global.t;
    for (const locale of ['hi', 'en'] as const) {
      i18n.global.locale.value = locale;
      for (const key of enFlat.keys()) {
        const out = t(key, { name: 'X1', post: 'X2', user: 'X3', seconds: '7' });
        expect(out, key).not.toBe(key);
        expect(out, key).not.toMatch(/\{\w+\}/);
      }
    }
    i18n.global.locale.value = 'hi';
  });
});

describe('counts', () => {
  it('every English message that counts things in the plural has a singular form too ("1 pages" is wrong)', () => {
    const bad = [...enFlat].filter(([, v]) => !v.includes(' | ') && /\{(count|pages|n|total)\} [a-z]+s\b/.test(v)).map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it('picks the form by the count', () => {
    const t = i18n.global.t;
    i18n.global.locale.value = 'en';
    expect(t('files.corr.pageCount', { count: 1 }, 1)).toBe('1 page');
    expect(t('files.corr.pageCount', { count: 3 }, 3)).toBe('3 pages');
    expect(t('search.count', { count: 0 }, 0)).toBe('No results');
    expect(t('search.count', { count: 1 }, 1)).toBe('1 result');
    expect(t('search.count', { count: 12 }, 12)).toBe('12 results');
    i18n.global.locale.value = 'hi';
    expect(t('search.count', { count: 0 }, 0)).toBe('कोई परिणाम नहीं');
    expect(t('files.corr.pageCount', { count: 1 }, 1)).toBe('1 पृष्ठ');
  });
});

describe('PrimeVue texts', () => {
  it('have the same keys in Hindi and English, Hindi in Devanagari', async () => {
    const { primeLocales } = await import('./primevue');
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? keys(v).map((x) => `${k}.${x}`) : [k]));
    expect(keys(primeLocales.hi).sort()).toEqual(keys(primeLocales.en).sort());
    expect(primeLocales.hi.aria.nextPageLabel).toMatch(/[\u0900-\u097F]/);
    expect(primeLocales.hi.monthNames).toHaveLength(12);
  });
});
