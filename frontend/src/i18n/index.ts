import { createI18n, useI18n } from 'vue-i18n';
import { computed, inject, provide, type ComputedRef, type InjectionKey } from 'vue';
import hi from './hi.json';
import en from './en.json';
import type { Bilingual, Locale } from '../api/types';

export const LOCALE_STORAGE_KEY = 'patravali.locale';
export const LOCALES: readonly Locale[] = ['hi', 'en'];

export type MessageSchema = typeof en;

export function isLocale(v: unknown): v is Locale {
  return v === 'hi' || v === 'en';
}

function storedLocale(): Locale | null {
  try {
    const v = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

/** Remembered choice first; otherwise Hindi, the working language of most users. */
export function initialLocale(): Locale {
  return storedLocale() ?? 'hi';
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { hi, en },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Switches the UI language, remembers it in this browser and sets `<html lang>`. */
export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage may be disabled; the choice then lasts for this visit only
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** The text of a bilingual name in the given language, falling back to the other one if empty. */
export function pick(value: Bilingual | null | undefined, locale: Locale): string {
  if (!value) return '';
  return value[locale] || value[locale === 'hi' ? 'en' : 'hi'] || '';
}

const FORCED_LOCALE: InjectionKey<ComputedRef<Locale | undefined>> = Symbol('forcedLocale');

/** Makes the components below speak `locale()` whatever the app's language (a preview in each language); undefined = the app's. */
export function provideLocale(locale: () => Locale | undefined): void {
  provide(FORCED_LOCALE, computed(locale));
}

/** `t` plus a reactive picker for bilingual names in the current language (or the one a parent forces, see `provideLocale`). */
export function useLocalized(force?: () => Locale | undefined) {
  const { t: appT, locale } = useI18n();
  // a component that forces the language of those below speaks it too (its own provide is not visible to its inject)
  const forced = force ? computed(force) : inject(FORCED_LOCALE, null);
  const loc = computed(() => forced?.value ?? (locale.value as Locale));
  // t(key), t(key, named), t(key, plural), t(key, named, plural) in the forced language
  const forcedT = (key: string, a?: unknown, b?: unknown): string => {
    const lang = forced?.value;
    if (!lang) return (appT as (...args: unknown[]) => string)(key, ...[a, b].filter((x) => x !== undefined));
    const named = typeof a === 'object' && a !== null ? (a as Record<string, unknown>) : {};
    const plural = typeof b === 'number' ? b : typeof a === 'number' ? a : undefined;
    return appT(key, named, plural === undefined ? { locale: lang } : { locale: lang, plural });
  };
  const t = forced ? (forcedT as unknown as typeof appT) : appT;
  return { t, locale: loc, name: (v: Bilingual | null | undefined) => pick(v, loc.value) };
}
