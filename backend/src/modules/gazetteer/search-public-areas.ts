import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { AreaSchema } from './gazetteer.entity.js';
import { presentPublicArea } from './gazetteer.presenter.js';
import { AREA_POPULATE } from './jurisdiction.js';
import { areaFilter } from './list-areas.js';
import type { publicAreasQuery } from './gazetteer.schemas.js';

/** Areas for the public apply forms: by name or PIN (or one by its id), a few at a time, public names and codes only. */
export async function searchPublicAreas(em: EntityManager, query: z.infer<typeof publicAreasQuery>) {
  const areas = await em.find(AreaSchema, query.id ? { id: query.id } : areaFilter(query.q, query.kind), {
    populate: AREA_POPULATE,
    orderBy: { nameEn: 'asc', code: 'asc' },
    limit: query.limit,
  });
  return { items: areas.map(presentPublicArea) };
}
