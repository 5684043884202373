import Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { AppError, ERROR_STATUS } from '../shared/app-error.js';
import { APP_VERSION } from '../config/env.js';
import type { Deps } from '../shared/scope.js';
import type { AnyRoute } from './route.js';
import { parseOrThrow } from './validation.js';

export interface BuiltApi {
  router: Router;
  openapi: () => object;
  routes: readonly AnyRoute[];
}

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

const errorBody = z.object({ error: z.enum(Object.keys(ERROR_STATUS) as [string, ...string[]]), message: z.string(), details: z.record(z.string(), z.unknown()).optional() });

/**
 * Mounts every route: authenticate (unless public) → validate params/query/body with the route's
 * zod schemas → call the handler (one use case) → send what the presenter returned. The same
 * schemas make the OpenAPI document.
 */
export function buildApi(deps: Deps, routes: readonly AnyRoute[]): BuiltApi {
  const router = new Router();
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'pv_session' });
  const checkResponses = deps.env.NODE_ENV !== 'production';

  for (const def of routes) {
    router[def.method](def.path, async (ctx: Koa.Context) => {
      const locale = ctx.state.locale;
      const actor = ctx.state.actor ?? null;
      if (def.access !== 'public' && !actor) throw new AppError('UNAUTHENTICATED');
      const params = def.params ? parseOrThrow(def.params, ctx.params, locale, 'params') : undefined;
      const query = def.query ? parseOrThrow(def.query, ctx.query, locale, 'query') : undefined;
      const body = def.body ? parseOrThrow(def.body, ctx.request.body ?? {}, locale, 'body') : undefined;
      const scope = { actor, em: ctx.state.em, deps };
      const result = await (def.handler as (s: unknown, i: unknown) => Promise<unknown>)(scope, { params, query, body, koa: ctx });
      if (checkResponses && def.response && result !== undefined) def.response.parse(result); // presenters must match their schema
      ctx.status = ctx.status !== 404 && ctx.status !== 200 ? ctx.status : (def.status ?? 200);
      if (def.status === 204) ctx.body = null;
      else ctx.body = result;
    });

    const errorCodes = def.access === 'public' ? [400, 429] : def.access === 'admin' ? [400, 401, 403, 404, 409] : [400, 401, 404, 409];
    registry.registerPath({
      method: def.method,
      path: toOpenApiPath(def.path),
      summary: def.summary,
      tags: def.tags,
      ...(def.access === 'public' ? {} : { security: [{ session: [] }] }),
      description: `Access: ${def.access}.`,
      request: {
        ...(def.params ? { params: def.params as z.ZodObject } : {}),
        ...(def.query ? { query: def.query as z.ZodObject } : {}),
        ...(def.body ? { body: { content: { 'application/json': { schema: def.body } } } } : {}),
      },
      responses: {
        [def.status ?? 200]: def.status === 204 || !def.response ? { description: 'Done' } : { description: 'OK', content: { 'application/json': { schema: def.response } } },
        ...Object.fromEntries(errorCodes.map((c) => [c, { description: 'Error', content: { 'application/json': { schema: errorBody } } }])),
      },
    });
  }

  let cached: object | null = null;
  const openapi = () =>
    (cached ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'Patravali API',
        version: APP_VERSION,
        description: `Error codes and their HTTP status: ${Object.entries(ERROR_STATUS).map(([c, s]) => `${c}=${s}`).join(', ')}. State-changing requests need the X-CSRF-Token header (see GET /api/auth/csrf).`,
      },
    }));
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openapi();
  });
  return { router, openapi, routes };
}
