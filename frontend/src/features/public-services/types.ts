// Shapes of the public services API as the applicant's pages use them: aliases over schema.d.ts (see api/types.ts),
// plus the typed form fields a service definition's `form` holds (the API types them only as records).
import type { Bilingual, Body, Item, Ok } from '../../api/types';

export type PublicService = Item<Ok<'/api/public/services', 'get'>>;
export type PublicArea = Item<Ok<'/api/public/areas', 'get'>>;
export type UploadedFile = Ok<'/api/public/uploads', 'post'>;
export type SubmitInput = Body<'/api/public/applications', 'post'>;
export type Submitted = Ok<'/api/public/applications', 'post'>;
export type MyApplications = Ok<'/api/public/applications', 'get'>;
export type MyApplicationRow = Item<MyApplications>;
export type MyApplication = Ok<'/api/public/applications/{ref}', 'get'>;
export type TimelineEntry = MyApplication['timeline'][number];
export type Applicant = Ok<'/api/public/me', 'get'>;

/** `details.duplicates` of POSSIBLE_DUPLICATE: the applicant's similar pending applications. */
export interface Duplicate {
  referenceNumber: string;
  createdAt: string;
}

export const ID_KINDS = ['aadhaar', 'voterId', 'drivingLicence', 'passport', 'pan', 'govtId'] as const;
export type IdKind = (typeof ID_KINDS)[number];

interface Base {
  key: string;
  label: Bilingual;
  hint?: Bilingual;
  required: boolean;
}
/** A field of an applicant form (backend/src/modules/services/service-definition.ts `formField`). */
export type FormFieldDef =
  | (Base & { type: 'text'; maxLength: number })
  | (Base & { type: 'number'; min?: number; max?: number; integer: boolean })
  | (Base & { type: 'date'; notBefore?: 'today'; notAfter?: 'today'; maxDaysAhead?: number })
  | (Base & { type: 'select'; options: Array<{ value: string; label: Bilingual }> })
  | (Base & { type: 'mobile' })
  | (Base & { type: 'address' })
  | (Base & { type: 'vehicleNumber' })
  | (Base & { type: 'idProof'; kinds: IdKind[] })
  | (Base & { type: 'upload'; accept: Array<'pdf' | 'image'>; maxSizeMb: number });
export type FieldType = FormFieldDef['type'];
export const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'number',
  'date',
  'select',
  'mobile',
  'address',
  'vehicleNumber',
  'idProof',
  'upload',
];
