import type { z } from 'zod';
import { bi } from '../../shared/i18n.js';
import type { Area } from './gazetteer.entity.js';
import type { areaOut, publicAreaOut } from './gazetteer.schemas.js';
import { areaBasics, chainFields, type ServingOffice } from './jurisdiction.js';

const ref = (a: { id: string; code: string; kind: Area['kind']; name: { en: string; hi: string } } | null) =>
  a ? { id: a.id, code: a.code, kind: a.kind, name: a.name } : null;

/** An area for staff, with the offices serving it; loaded with its parents (jurisdiction.ts POPULATE). */
export function presentArea(a: Area, serving: readonly ServingOffice[]): z.infer<typeof areaOut> {
  const chain = chainFields(a);
  const parent = a.parent?.getEntity();
  return {
    ...areaBasics(a),
    parent: parent ? { id: parent.id, code: parent.code, kind: parent.kind, name: bi(parent.nameEn, parent.nameHi) } : null,
    policeArea: a.kind === 'locality' ? ref(chain.policeArea) : null,
    district: a.kind === 'district' ? null : ref(chain.district),
    serving: serving.filter((s) => s.areaId === a.id),
    version: a.version,
  };
}

/** An area for the public: its id, codes and names of it and the areas it lies in; nothing of the offices serving it. */
export function presentPublicArea(a: Area): z.infer<typeof publicAreaOut> {
  const chain = chainFields(a);
  const pub = (x: { code: string; name: { en: string; hi: string } } | null) => (x ? { code: x.code, name: x.name } : null);
  return {
    id: a.id,
    code: a.code,
    kind: a.kind,
    name: bi(a.nameEn, a.nameHi),
    pins: [...a.pins],
    tehsil: a.kind === 'tehsil' ? null : pub(chain.tehsil),
    policeArea: a.kind === 'police_area' ? null : pub(chain.policeArea),
    district: a.kind === 'district' || !chain.district ? null : { ...pub(chain.district)!, state: chain.district.state },
  };
}
