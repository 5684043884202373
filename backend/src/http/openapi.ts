import { z } from 'zod';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ERROR_STATUS } from '../shared/app-error.js';
import { APP_VERSION } from '../config/env.js';
import type { AnyRoute } from './route.js';

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

const errorBody = z.object({
  error: z.enum(Object.keys(ERROR_STATUS) as [string, ...string[]]),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/**
 * The OpenAPI 3.1 document, made from the same zod schemas the routes validate with. Served at
 * /api/openapi.json; `npm run api:types` turns it into the frontend's types.
 */
export function buildOpenApiDocument(routes: readonly AnyRoute[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'pv_session' });
  registry.registerComponent('securitySchemes', 'metricsToken', { type: 'http', scheme: 'bearer' });
  for (const def of routes) {
    const errorCodes =
      def.access === 'public'
        ? [400, 429]
        : def.access === 'metrics'
          ? [401, 404]
          : def.access === 'admin' || def.access === 'dak' || def.access === 'noting' || def.access === 'checkpoint'
            ? [400, 401, 403, 404, 409]
            : [400, 401, 404, 409];
    registry.registerPath({
      method: def.method,
      path: toOpenApiPath(def.path),
      summary: def.summary,
      tags: def.tags,
      ...(def.access === 'public' ? {} : { security: [def.access === 'metrics' ? { metricsToken: [] } : { session: [] }] }),
      description: `Access: ${def.access}.${def.description ? ` ${def.description}` : ''}`,
      request: {
        ...(def.params ? { params: def.params as z.ZodObject } : {}),
        ...(def.query ? { query: def.query as z.ZodObject } : {}),
        ...(def.body ? { body: { content: { 'application/json': { schema: def.body } } } } : {}),
      },
      responses: {
        [def.status ?? 200]: def.raw
          ? {
              description: def.raw.description ?? 'The file',
              content: Object.fromEntries(
                [def.raw.contentType].flat().map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
              ),
            }
          : def.status === 204 || !def.response
            ? { description: 'Done' }
            : { description: 'OK', content: { 'application/json': { schema: def.response } } },
        ...Object.fromEntries(errorCodes.map((c) => [c, { description: 'Error', content: { 'application/json': { schema: errorBody } } }])),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Patravali API',
      version: APP_VERSION,
      description: `Error codes and their HTTP status: ${Object.entries(ERROR_STATUS)
        .map(([c, s]) => `${c}=${s}`)
        .join(', ')}. State-changing requests need the X-CSRF-Token header (see GET /api/auth/csrf).`,
    },
  });
}
