import type { EntityManager } from '@mikro-orm/postgresql';
import { bi } from '../../shared/i18n.js';
import { AreaSchema, AreaServiceSchema, type Area, type AreaKind, type ServingRole } from './gazetteer.entity.js';

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

async function loadArea(em: EntityManager, ref: { id: string } | { code: string }): Promise<Area | null> {
  return em.findOne(AreaSchema, 'id' in ref ? { id: ref.id } : { code: ref.code }, { populate: AREA_POPULATE });
}

/** Resolves a locality (by id or code) to its tehsil, police-station area and district; null when unknown. */
export async function areaOfLocality(em: EntityManager, ref: { id: string } | { code: string }): Promise<AreaChain | null> {
  const a = await loadArea(em, ref);
  return a ? chainFields(a) : null;
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
export async function servingOffices(em: EntityManager, areaId: string): Promise<ServingOffice[]> {
  const a = await loadArea(em, { id: areaId });
  if (!a) return [];
  const order = chainOf(a).map((x) => x.id);
  const found = await servingOf(em, order);
  return found.sort((x, y) => order.indexOf(x.areaId) - order.indexOf(y.areaId));
}

/** The nearest office serving an area in a role (e.g. the SDM of a locality's tehsil), or null. */
export async function servingOfficeFor(em: EntityManager, areaId: string, role: ServingRole): Promise<ServingOffice | null> {
  return (await servingOffices(em, areaId)).find((s) => s.role === role) ?? null;
}
