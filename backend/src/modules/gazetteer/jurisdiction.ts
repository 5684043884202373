import type { EntityManager } from '@mikro-orm/postgresql';
import { bi } from '../../shared/i18n.js';
import { readerOf, type Reader } from '../../shared/persistence.js';
import { AreaServiceSchema, type Area, type AreaKind, type ServingRole } from './gazetteer.entity.js';

export interface AreaInfo {
  id: string;
  code: string;
  kind: AreaKind;
  name: { en: string; hi: string };
  state: string | null;
  pins: string[];
}
/** What names an area: its code, kind, names, state and PIN codes. */
export function areaBasics(a: Area): AreaInfo {
  return {
    id: a.id,
    code: a.code,
    kind: a.kind,
    name: bi(a.nameEn, a.nameHi),
    state: a.state ?? null,
    pins: [...a.pins],
  };
}

/** A locality and the areas it lies in (for a tehsil or police area: itself and its district). */
export interface AreaChain {
  locality: AreaInfo | null;
  tehsil: AreaInfo | null;
  policeArea: AreaInfo | null;
  district: AreaInfo | null;
}
export interface ServingOffice {
  areaId: string;
  role: ServingRole;
  office: { id: string; code: string; name: { en: string; hi: string }; kind: string };
  post: { id: string; code: string; designation: { en: string; hi: string } } | null;
}

export const AREA_POPULATE = ['parent', 'parent.parent', 'policeArea', 'policeArea.parent'] as const;

/** The areas an area lies in, itself included, nearest first; the area must be loaded with AREA_POPULATE. */
export function chainOf(a: Area): Area[] {
  const parent = a.parent?.getEntity();
  const police = a.policeArea?.getEntity();
  const district = a.kind === 'district' ? null : a.kind === 'locality' ? parent?.parent?.getEntity() : parent;
  return [a, ...(a.kind === 'locality' && parent ? [parent] : []), ...(police ? [police] : []), ...(district ? [district] : [])];
}

export function chainFields(a: Area): AreaChain {
  const chain = chainOf(a);
  const of = (k: AreaKind) => chain.find((x) => x.kind === k);
  const pick = (k: AreaKind) => {
    const x = of(k);
    return x ? areaBasics(x) : null;
  };
  return { locality: pick('locality'), tehsil: pick('tehsil'), policeArea: pick('police_area'), district: pick('district') };
}

/**
 * `chainOf` in SQL, for the hot paths (routing every filing): the areas the area `?` (by id, or by code
 * with `byCode`) lies in, itself included, nearest first (`ord`), each with what names it; with `serving`,
 * each joined to the offices (and posts) serving it, by role. Kept equal to `chainOf` by a test over every
 * area of the demo gazetteer.
 */
const chainSql = (byCode: boolean, serving: boolean) => `
  select c.ord, x.id, x.code, x.kind, x.name_en, x.name_hi, x.state, x.pins
    ${serving ? ', s.role, o.id as office_id, o.code as office_code, o.name_en as office_name_en, o.name_hi as office_name_hi, o.kind as office_kind, p.id as post_id, p.code as post_code, p.designation_en, p.designation_hi' : ''}
  from area a
  left join area par on par.id = a.parent_id
  cross join lateral (values
    (0, a.id),
    (1, case when a.kind = 'locality' then par.id end),
    (2, a.police_area_id),
    (3, case when a.kind = 'locality' then par.parent_id when a.kind <> 'district' then a.parent_id end)
  ) c(ord, id)
  join area x on x.id = c.id
  ${serving ? 'left join area_service s on s.area_id = x.id left join office o on o.id = s.office_id left join post p on p.id = s.post_id' : ''}
  where ${byCode ? 'a.code = ?' : 'a.id = ?::uuid'}
  order by c.ord${serving ? ', s.role' : ''}`;

interface ChainRow {
  ord: number;
  id: string;
  code: string;
  kind: AreaKind;
  name_en: string;
  name_hi: string;
  state: string | null;
  pins: string[];
  role?: ServingRole | null;
  office_id?: string | null;
  office_code?: string;
  office_name_en?: string;
  office_name_hi?: string;
  office_kind?: string;
  post_id?: string | null;
  post_code?: string;
  designation_en?: string;
  designation_hi?: string;
}

/** Where the gazetteer's hot reads run: an EntityManager (in its transaction, if any) or a plain-SQL transaction's reader. */
export type On = EntityManager | Reader;
const reader = (on: On): Reader => (typeof on === 'function' ? on : readerOf(on));

async function chainRows(on: On, ref: { id: string } | { code: string }, serving: boolean): Promise<ChainRow[]> {
  if ('id' in ref && !UUID.test(ref.id)) return [];
  return (await reader(on)(chainSql(!('id' in ref), serving), ['id' in ref ? ref.id : ref.code])) as ChainRow[];
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function chainOfRows(rows: readonly ChainRow[]): AreaChain | null {
  if (!rows.length) return null;
  const pick = (k: AreaKind): AreaInfo | null => {
    const x = rows.find((r) => r.kind === k);
    return x ? { id: x.id, code: x.code, kind: x.kind, name: bi(x.name_en, x.name_hi), state: x.state ?? null, pins: [...x.pins] } : null;
  };
  return { locality: pick('locality'), tehsil: pick('tehsil'), policeArea: pick('police_area'), district: pick('district') };
}

function servingOfRows(rows: readonly ChainRow[]): ServingOffice[] {
  return rows
    .filter((r) => r.office_id)
    .map((r) => ({
      areaId: r.id,
      role: r.role!,
      office: { id: r.office_id!, code: r.office_code!, name: bi(r.office_name_en!, r.office_name_hi!), kind: r.office_kind! },
      post: r.post_id ? { id: r.post_id, code: r.post_code!, designation: bi(r.designation_en!, r.designation_hi!) } : null,
    }));
}

/** Resolves a locality (by id or code) to its tehsil, police-station area and district; null when unknown. */
export async function areaOfLocality(em: On, ref: { id: string } | { code: string }): Promise<AreaChain | null> {
  return chainOfRows(await chainRows(em, ref, false));
}

/** An area's chain (as `areaOfLocality`) and every office serving it (as `servingOffices`), in one query. */
export async function areaWithServing(em: On, areaId: string): Promise<{ chain: AreaChain; serving: ServingOffice[] } | null> {
  const rows = await chainRows(em, { id: areaId }, true);
  const chain = chainOfRows(rows);
  return chain ? { chain, serving: servingOfRows(rows) } : null;
}

/** The offices serving the given areas, as the API and routing show them. */
export async function servingOf(em: EntityManager, areaIds: readonly string[]): Promise<ServingOffice[]> {
  if (!areaIds.length) return [];
  const links = await em.find(
    AreaServiceSchema,
    { area: { $in: [...areaIds] } },
    { populate: ['office', 'post'], orderBy: { role: 'asc' } },
  );
  return links.map((l) => {
    const o = l.office.getEntity();
    const p = l.post?.getEntity();
    return {
      areaId: l.area.id,
      role: l.role,
      office: { id: o.id, code: o.code, name: bi(o.nameEn, o.nameHi), kind: o.kind },
      post: p ? { id: p.id, code: p.code, designation: bi(p.designationEn, p.designationHi) } : null,
    };
  });
}

/**
 * Every office serving an area: its own and those of the areas it lies in, nearest first (a locality:
 * itself, its tehsil, its police-station area, its district). Empty for an unknown area.
 */
export async function servingOffices(em: On, areaId: string): Promise<ServingOffice[]> {
  return servingOfRows(await chainRows(em, { id: areaId }, true));
}

/** The nearest office serving an area in a role (e.g. the SDM of a locality's tehsil), or null. */
export async function servingOfficeFor(em: On, areaId: string, role: ServingRole): Promise<ServingOffice | null> {
  return (await servingOffices(em, areaId)).find((s) => s.role === role) ?? null;
}
