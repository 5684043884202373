import { z } from 'zod';
import { route } from '../../http/route.js';
import {
  importServicesIn,
  importServicesOut,
  publicServiceOut,
  serviceCodeParams,
  serviceDetail,
  serviceSummary,
  serviceVersionOut,
  serviceVersionParams,
} from './services.schemas.js';
import { importServices } from './import-services.js';
import { publishServiceVersion } from './publish-service-version.js';
import { exportServices, getService, getServiceVersion, listPublicServices, listServices } from './read-services.js';

const tags = ['services'];

/** The service catalogue: administrators import, version and publish definitions; the public sees the live ones. */
export const serviceRoutes = [
  route({
    method: 'get',
    path: '/api/services',
    summary: 'The service catalogue (every service, live and latest versions)',
    tags,
    access: 'admin',
    response: z.object({ items: z.array(serviceSummary) }),
    handler: (scope) => listServices(scope),
  }),
  route({
    method: 'post',
    path: '/api/services/import',
    summary: 'Import service definitions (JSON): all checked first, each a draft version of its service unless unchanged',
    tags,
    access: 'admin',
    body: importServicesIn,
    response: importServicesOut,
    handler: (scope, { body }) => importServices(scope, body),
  }),
  route({
    method: 'get',
    path: '/api/services/export',
    summary: 'The live definitions as JSON (what the import takes)',
    tags,
    access: 'admin',
    response: z.object({ definitions: z.array(z.unknown()) }),
    handler: (scope) => exportServices(scope),
  }),
  route({
    method: 'get',
    path: '/api/services/:code',
    summary: 'One service and its versions',
    tags,
    access: 'admin',
    params: serviceCodeParams,
    response: serviceDetail,
    handler: (scope, { params }) => getService(scope, params.code),
  }),
  route({
    method: 'get',
    path: '/api/services/:code/versions/:number',
    summary: "One version's definition",
    tags,
    access: 'admin',
    params: serviceVersionParams,
    response: serviceVersionOut,
    handler: (scope, { params }) => getServiceVersion(scope, params.code, params.number),
  }),
  route({
    method: 'post',
    path: '/api/services/:code/versions/:number/publish',
    summary: 'Publish a draft version (applications are filed under it from now on)',
    tags,
    access: 'admin',
    params: serviceVersionParams,
    response: serviceDetail,
    handler: (scope, { params }) => publishServiceVersion(scope, params.code, params.number),
  }),
  route({
    method: 'get',
    path: '/api/public/services',
    summary: 'The public service catalogue: live services with their timelines, documents to upload and forms',
    tags: ['public'],
    access: 'public',
    response: z.object({ items: z.array(publicServiceOut) }),
    handler: (scope) => listPublicServices(scope.em),
  }),
];
