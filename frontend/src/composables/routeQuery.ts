// Reading and writing list filters in the page address, so a filtered list is a link one can bookmark
// or send, and Back returns to it. Parsers take anything unknown or malformed as "not set".
import type { LocationQuery, LocationQueryRaw } from 'vue-router';

export type RouteQueryValue = LocationQuery[string] | undefined;

export const one = (v: RouteQueryValue): string | undefined => (Array.isArray(v) ? v[0] : v) ?? undefined;
export const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined =>
  (list as readonly string[]).includes(v ?? '') ? (v as T) : undefined;
export const flag = (v: string | undefined): boolean | null => (v === 'true' ? true : v === 'false' ? false : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuid = (v: string | undefined): string | null => (v && UUID.test(v) ? v : null);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isoDate = (v: string | undefined): string | null => (v && DATE.test(v) && !Number.isNaN(Date.parse(v)) ? v : null);
export const positive = (v: string | undefined, fallback: number): number => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
export const PAGE_SIZES = [25, 50, 100] as const;
export const pageSizeOf = (v: string | undefined, fallback: number): number => {
  const n = Number(v);
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : fallback;
};
/** A flag as the API takes it: "true" / "false", or left out. */
export const apiFlag = (v: boolean | null): 'true' | 'false' | undefined => (v === null ? undefined : v ? 'true' : 'false');

/** Reads the query parameter `k` of an address. */
export const reader = (query: LocationQuery) => (k: string) => one(query[k]);

/** Writes the fields of `f` that differ from `defaults` (nulls and empty strings left out). */
export function toRoute<T extends object>(f: T, defaults: T): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const v = f[key];
    if (v === defaults[key] || v === null || v === undefined || v === '') continue;
    out[key as string] = String(v);
  }
  return out;
}
