import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Capability } from '../../shared/actor.js';
import { versionedColumns } from '../../shared/entity-columns.js';

export const OFFICE_KINDS = [
  'district',
  'sp_office',
  'dm_office',
  'circle_office',
  'police_station',
  'tehsil',
  'csc',
  /** The state's Right to Service Commission: the last level of appeal, reviewing delays across departments. */
  'commission',
  'other',
] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];
export const CHARGE_TYPES = ['regular', 'additional'] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];

export const OfficeSchema = defineEntity({
  name: 'Office',
  tableName: 'office',
  properties: {
    id: p.uuid().primary(),
    code: p.string().length(40).unique(),
    nameEn: p.string().length(200),
    nameHi: p.string().length(200),
    kind: p.string().length(30).$type<OfficeKind>(),
    /** Prefix of diary, file and issue numbers, e.g. "PBT/SP" (CSMOP para 45). */
    numberPrefix: p.string().length(40),
    parent: () => p.manyToOne(OfficeSchema).nullable().ref(),
    ...versionedColumns(),
  },
});
export type Office = InferEntity<typeof OfficeSchema>;

export const SectionSchema = defineEntity({
  name: 'Section',
  tableName: 'section',
  uniques: [{ properties: ['office', 'code'] }],
  properties: {
    id: p.uuid().primary(),
    office: () => p.manyToOne(OfficeSchema).ref(),
    code: p.string().length(40),
    nameEn: p.string().length(200),
    nameHi: p.string().length(200),
    ...versionedColumns(),
  },
});
export type Section = InferEntity<typeof SectionSchema>;

export const PostSchema = defineEntity({
  name: 'Post',
  tableName: 'post',
  properties: {
    id: p.uuid().primary(),
    code: p.string().length(60).unique(),
    designationEn: p.string().length(200),
    designationHi: p.string().length(200),
    office: () => p.manyToOne(OfficeSchema).ref().index(),
    section: () => p.manyToOne(SectionSchema).nullable().ref(),
    capabilities: p.array<Capability>().$type<Capability[]>(),
    active: p.boolean().default(true),
    ...versionedColumns(),
  },
});
export type Post = InferEntity<typeof PostSchema>;

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.uuid().primary(),
    /** Stored lower-case; logins are case-insensitive. */
    username: p.string().length(60).unique(),
    nameEn: p.string().length(200),
    nameHi: p.string().length(200),
    passwordHash: p.string().length(300).hidden(),
    mobile: p.string().length(20).nullable(),
    email: p.string().length(200).nullable(),
    locale: p.string().length(2).nullable().$type<'hi' | 'en'>(),
    active: p.boolean().default(true),
    ...versionedColumns(),
  },
});
export type User = InferEntity<typeof UserSchema>;

/**
 * A user holding a post, regular or additional. In force on dates d with fromDate <= d < toDate:
 * toDate is the date the charge is relinquished (null: until further orders).
 */
export const ChargeSchema = defineEntity({
  name: 'Charge',
  tableName: 'charge',
  indexes: [
    {
      name: 'charge_current_index',
      expression: 'create index "charge_current_index" on "charge" ("user_id", "post_id") where "to_date" is null',
    },
  ],
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(UserSchema).ref().index(),
    post: () => p.manyToOne(PostSchema).ref().index(),
    type: p.string().length(20).$type<ChargeType>(),
    fromDate: p.date(),
    toDate: p.date().nullable(),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Charge = InferEntity<typeof ChargeSchema>;
