import { createI18n, useI18n } from 'vue-i18n';
import { computed } from 'vue';
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

/** `t` plus a reactive picker for bilingual names in the current language. */
export function useLocalized() {
  const { t, locale } = useI18n();
  const loc = computed(() => locale.value as Locale);
  return { t, locale: loc, name: (v: Bilingual | null | undefined) => pick(v, loc.value) };
}
