import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfficeSchema, PostSchema } from '../org/index.js';
import { versionedColumns } from '../../shared/entity-columns.js';

/**
 * The kinds of area, from the top: a district has tehsils (sub-divisions) and police-station areas;
 * a locality (village or town ward) lies in one tehsil and in one police-station area, which need not
 * nest in each other.
 */
export const AREA_KINDS = ['district', 'tehsil', 'police_area', 'locality'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

/**
 * What an office (and, where one post decides, that post) does for an area: the DM, ADM and SP for a
 * district, the SDM or tehsildar for a tehsil, the police station for its area, a CSC for any.
 */
export const SERVING_ROLES = ['dm', 'adm', 'sp', 'sdm', 'tehsildar', 'police_station', 'csc'] as const;
export type ServingRole = (typeof SERVING_ROLES)[number];

/** Which kinds of area each role serves (the one rule; the import and the resolvers use it). */
export const ROLE_AREA_KINDS: Record<ServingRole, readonly AreaKind[]> = {
  dm: ['district'],
  adm: ['district'],
  sp: ['district'],
  sdm: ['tehsil'],
  tehsildar: ['tehsil'],
  police_station: ['police_area'],
  csc: ['district', 'tehsil', 'locality'],
};

export const AreaSchema = defineEntity({
  name: 'Area',
  tableName: 'area',
  indexes: [{ name: 'area_pins_index', expression: 'create index "area_pins_index" on "area" using gin ("pins")' }],
  properties: {
    id: p.uuid().primary(),
    code: p.string().length(40).unique(),
    kind: p.string().length(20).$type<AreaKind>().index(),
    nameEn: p.string().length(200),
    nameHi: p.string().length(200),
    /** district: none; tehsil and police area: their district; locality: its tehsil. */
    parent: () => p.manyToOne(AreaSchema).nullable().ref().index(),
    /** A locality's police-station area. */
    policeArea: () => p.manyToOne(AreaSchema).nullable().ref().index(),
    /** A district's state (e.g. "UP"): routing tells "another district" from "another state". */
    state: p.string().length(10).nullable(),
    /** A locality's PIN codes. */
    pins: p.array<string>().$type<string[]>().default([]),
    ...versionedColumns(),
  },
});
export type Area = InferEntity<typeof AreaSchema>;

/** An office (and its deciding post, if one) serving an area in a role: one per area and role. */
export const AreaServiceSchema = defineEntity({
  name: 'AreaService',
  tableName: 'area_service',
  uniques: [{ properties: ['area', 'role'] }],
  properties: {
    id: p.uuid().primary(),
    area: () => p.manyToOne(AreaSchema).ref(),
    role: p.string().length(20).$type<ServingRole>(),
    office: () => p.manyToOne(OfficeSchema).ref().index(),
    post: () => p.manyToOne(PostSchema).nullable().ref().index(),
    ...versionedColumns(),
  },
});
export type AreaService = InferEntity<typeof AreaServiceSchema>;

export const gazetteerEntities = [AreaSchema, AreaServiceSchema];
