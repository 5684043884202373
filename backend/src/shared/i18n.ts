import i18next, { type TFunction } from 'i18next';
import en from './messages/en.json' with { type: 'json' };
import hi from './messages/hi.json' with { type: 'json' };

export const LOCALES = ['hi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const instance = i18next.createInstance();
void instance.init({
  initImmediate: false,
  resources: { en: { translation: en }, hi: { translation: hi } },
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

const fixed: Record<Locale, TFunction> = { hi: instance.getFixedT('hi'), en: instance.getFixedT('en') };

/** A name in both languages, as responses carry it (the `bilingual` schema). */
export const bi = (en: string, hi: string) => ({ en, hi });

/** Server-side messages (errors, import reports) in the user's language. */
export function t(locale: Locale, key: string, params?: Record<string, unknown>): string {
  return fixed[locale](key, params ?? {});
}

/** Picks hi/en from an Accept-Language header; `fallback` when neither is asked for. */
export function localeFromHeader(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (base === 'hi' || base === 'en') return base;
  }
  return fallback;
}

export const messageCatalogues = { en, hi };
