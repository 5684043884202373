// Response and request shapes of the Patravali HTTP API: aliases over schema.d.ts, which
// `npm run api:types` generates from the backend's OpenAPI document.
import type { paths } from './schema';

export type Locale = 'hi' | 'en';
export interface Bilingual {
  en: string;
  hi: string;
}

export type Capability = 'dak' | 'noting' | 'supervision' | 'admin';
export const CAPABILITIES: readonly Capability[] = ['dak', 'noting', 'supervision', 'admin'];
export type ChargeType = 'regular' | 'additional';
export const CHARGE_TYPES: readonly ChargeType[] = ['regular', 'additional'];
export type OfficeKind =
  | 'district'
  | 'sp_office'
  | 'dm_office'
  | 'circle_office'
  | 'police_station'
  | 'tehsil'
  | 'other';
export const OFFICE_KINDS: readonly OfficeKind[] = [
  'district',
  'sp_office',
  'dm_office',
  'circle_office',
  'police_station',
  'tehsil',
  'other',
];

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body a route answers with on success (generated from the backend's zod schemas). */
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? Json<R extends { 200: infer A } ? A : R extends { 201: infer B } ? B : never>
  : never;
type Item<T> = T extends { items: Array<infer I> } ? I : never;

export type Me = Ok<'/api/me', 'get'>;
export type PostSummary = Me['posts'][number];
export type Health = Ok<'/api/health', 'get'>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export interface ItemList<T> {
  items: T[];
}

export type Office = Item<Ok<'/api/org/offices', 'get'>>;
export type Section = Item<Ok<'/api/org/sections', 'get'>>;
export type Post = Item<Ok<'/api/org/posts', 'get'>>;
export type PostHolder = Post['holders'][number];
export type User = Item<Ok<'/api/org/users', 'get'>>;
export type UserCharge = User['charges'][number];
export type Charge = Item<Ok<'/api/org/charges', 'get'>>;

export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

export interface ErrorBody {
  error: string;
  message: string;
  details?: {
    issues?: ValidationIssue[];
    current?: unknown;
    retryAfterSeconds?: number;
    [key: string]: unknown;
  };
}
