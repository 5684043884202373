// Response and request shapes of the Patravali HTTP API.
// Hand-written from the API contract until the client types are generated from /api/openapi.json.

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

export interface PostSummary {
  id: string;
  code: string;
  designation: Bilingual;
  office: { id: string; code: string; name: Bilingual };
  section: { id: string; code: string; name: Bilingual } | null;
  capabilities: string[];
  chargeType: ChargeType;
}

export interface Me {
  user: { id: string; username: string; name: Bilingual; locale: Locale | null };
  posts: PostSummary[];
  actingPostId: string | null;
}

export interface Health {
  status: 'ok' | 'degraded';
  database: 'ok' | 'down';
  storage: 'ok' | 'down';
  version: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export interface ItemList<T> {
  items: T[];
}

export interface Office {
  id: string;
  code: string;
  name: Bilingual;
  kind: OfficeKind;
  parentId: string | null;
  version: number;
}

export interface Section {
  id: string;
  officeId: string;
  code: string;
  name: Bilingual;
  version: number;
}

export interface PostHolder {
  chargeId: string;
  userId: string;
  username: string;
  name: Bilingual;
  type: ChargeType;
}

export interface Post {
  id: string;
  code: string;
  designation: Bilingual;
  officeId: string;
  sectionId: string | null;
  capabilities: Capability[];
  active: boolean;
  version: number;
  holders: PostHolder[];
}

export interface UserCharge {
  id: string;
  postId: string;
  postCode: string;
  designation: Bilingual;
  type: ChargeType;
  from: string;
  to: string | null;
}

export interface User {
  id: string;
  username: string;
  name: Bilingual;
  mobile: string | null;
  email: string | null;
  locale: Locale | null;
  active: boolean;
  version: number;
  charges: UserCharge[];
}

export interface Charge {
  id: string;
  userId: string;
  username: string;
  userName: Bilingual;
  postId: string;
  postCode: string;
  designation: Bilingual;
  type: ChargeType;
  from: string;
  to: string | null;
}

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
