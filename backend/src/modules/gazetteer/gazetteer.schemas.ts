import { z } from 'zod';
import { bilingual, id, pageQuery, text, version } from '../../shared/schemas.js';
import { AREA_KINDS, SERVING_ROLES } from './gazetteer.entity.js';

export const areaKind = z.enum(AREA_KINDS);
export const servingRole = z.enum(SERVING_ROLES);

const areaRef = z.object({ id, code: z.string(), kind: areaKind, name: bilingual });
export const servingOut = z.object({
  /** The area this office serves (for a locality's jurisdiction: its tehsil, police area or district). */
  areaId: id,
  role: servingRole,
  office: z.object({ id, code: z.string(), name: bilingual, kind: z.string() }),
  post: z.object({ id, code: z.string(), designation: bilingual }).nullable(),
});
export const areaOut = z.object({
  id,
  code: z.string(),
  kind: areaKind,
  name: bilingual,
  state: z.string().nullable(),
  pins: z.array(z.string()),
  parent: areaRef.nullable(),
  policeArea: areaRef.nullable(),
  district: areaRef.nullable(),
  /** The offices serving this area itself. */
  serving: z.array(servingOut),
  version,
});
export const areaDetailOut = areaOut.extend({
  /** Every office serving the area, its own and those of the areas it lies in (a locality: its tehsil, police area, district). */
  jurisdiction: z.array(servingOut),
  children: z.int(),
});
export const listAreasQuery = pageQuery.extend({
  /** A name (Hindi or English) or code, or the start of a PIN code. */
  q: text(100).optional(),
  kind: areaKind.optional(),
  parentId: id.optional(),
});
export const importAreasIn = z.strictObject({ csv: z.string().min(1).max(5_000_000) });
export const importAreasOut = z.object({
  counts: z.object({ district: z.int(), tehsil: z.int(), police_area: z.int(), locality: z.int(), serving: z.int() }),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
});

const publicRef = z.object({ code: z.string(), name: bilingual });
/** An area as the public apply forms see it: its id (what an address field holds), codes and names; nothing of the offices serving it. */
export const publicAreaOut = z.object({
  id,
  code: z.string(),
  kind: areaKind,
  name: bilingual,
  pins: z.array(z.string()),
  tehsil: publicRef.nullable(),
  policeArea: publicRef.nullable(),
  district: publicRef.extend({ state: z.string().nullable() }).nullable(),
});
export const publicAreasQuery = z
  .object({
    q: text(100).min(2).optional(),
    /** One area by its id: the one an address of a returned application holds, shown again in its form. */
    id: id.optional(),
    kind: areaKind.optional(),
    limit: z.coerce.number().int().min(1).max(20).default(10),
  })
  .refine((q) => q.q !== undefined || q.id !== undefined, { message: 'fields.required', path: ['q'] });
export const idParams = z.object({ id });
