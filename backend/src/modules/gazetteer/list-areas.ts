import { raw, type FilterQuery } from '@mikro-orm/core';
import type { z } from 'zod';
import type { Scope } from '../../shared/scope.js';
import { assertCan } from '../org/index.js';
import { AreaSchema, type Area, type AreaKind } from './gazetteer.entity.js';
import { presentArea } from './gazetteer.presenter.js';
import { AREA_POPULATE, servingOf } from './jurisdiction.js';
import type { listAreasQuery } from './gazetteer.schemas.js';

/**
 * The one area search (the staff list and the public forms): digits only — a PIN code starting with
 * them; anything else — a name in Hindi or English, or a code, containing it.
 */
export function areaFilter(q: string | undefined, kind?: AreaKind, parentId?: string): FilterQuery<Area> {
  const and: FilterQuery<Area>[] = [];
  if (kind) and.push({ kind });
  if (parentId) and.push({ $or: [{ parent: parentId }, { policeArea: parentId }] });
  const text = q?.trim();
  if (text && /^\d{1,6}$/.test(text)) {
    // a whole PIN is answered by the GIN index; a partial one by a prefix test on the list
    and.push(
      text.length === 6
        ? { pins: { $contains: [text] } }
        : { [raw((alias) => `(' ' || array_to_string(${alias}.pins, ' '))`)]: { $like: `% ${text}%` } },
    );
  } else if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    and.push({ $or: [{ code: { $ilike: like } }, { nameEn: { $ilike: like } }, { nameHi: { $ilike: like } }] });
  }
  return and.length ? { $and: and } : {};
}

/** Areas filtered by kind, parent and text or PIN, paginated, each with the offices serving it. */
export async function listAreas(scope: Scope, query: z.infer<typeof listAreasQuery>) {
  assertCan(scope.actor, 'org.read');
  const [areas, total] = await scope.em.findAndCount(AreaSchema, areaFilter(query.q, query.kind, query.parentId), {
    populate: AREA_POPULATE,
    orderBy: { code: 'asc' },
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const serving = await servingOf(
    scope.em,
    areas.map((a) => a.id),
  );
  return { items: areas.map((a) => presentArea(a, serving)), total, page: query.page, pageSize: query.pageSize };
}
