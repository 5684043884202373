import { z } from 'zod';
import { route } from '../../http/route.js';
import { paginated } from '../../shared/schemas.js';
import * as s from './gazetteer.schemas.js';
import { listAreas } from './list-areas.js';
import { getArea } from './get-area.js';
import { importGazetteer } from './import-gazetteer.js';
import { searchPublicAreas } from './search-public-areas.js';

const tags = ['gazetteer'];
export const gazetteerRoutes = [
  route({
    method: 'get',
    path: '/api/areas',
    summary: 'Areas (districts, tehsils, police-station areas, localities) by name, code or PIN, with the offices serving them',
    tags,
    access: 'user',
    query: s.listAreasQuery,
    response: paginated(s.areaOut),
    handler: (scope, { query }) => listAreas(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/areas/:id',
    summary: 'An area with every office serving it (its own and those of the areas it lies in)',
    tags,
    access: 'user',
    params: s.idParams,
    response: s.areaDetailOut,
    handler: (scope, { params }) => getArea(scope, params.id),
  }),
  route({
    method: 'post',
    path: '/api/admin/areas/import',
    summary:
      'Import areas and serving offices from CSV: all lines checked first; any problem (422 IMPORT_REJECTED, each with line and column) and nothing is written; re-importing changes nothing',
    tags,
    access: 'admin',
    body: s.importAreasIn,
    response: s.importAreasOut,
    handler: (scope, { body }) => importGazetteer(scope, body),
  }),
  route({
    method: 'get',
    path: '/api/public/areas',
    summary: 'Areas for the public apply forms: by name (Hindi or English) or PIN, at most 20, public names and codes only',
    tags: ['public'],
    access: 'public',
    query: s.publicAreasQuery,
    response: z.object({ items: z.array(s.publicAreaOut) }),
    handler: (scope, { query }) => searchPublicAreas(scope.em, query),
  }),
];
