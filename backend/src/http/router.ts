import Router from '@koa/router';
import type Koa from 'koa';
import { AppError } from '../shared/app-error.js';
import { buildOpenApiDocument } from './openapi.js';
import type { Deps } from '../shared/scope.js';
import type { AnyRoute } from './route.js';
import { parseOrThrow } from './validation.js';
import { metricsAccess } from '../infra/metrics.js';

export interface BuiltApi {
  router: Router;
  openapi: () => object;
  routes: readonly AnyRoute[];
}

/**
 * Mounts every route: authenticate (unless public) → validate params/query/body with the route's
 * zod schemas → call the handler (one use case) → send what the presenter returned. The same
 * schemas make the OpenAPI document.
 */
export function buildApi(deps: Deps, routes: readonly AnyRoute[]): BuiltApi {
  const router = new Router();
  const checkResponses = deps.env.NODE_ENV !== 'production';

  for (const def of routes) {
    const authenticate: Koa.Middleware = async (ctx, next) => {
      if (def.access === 'metrics') {
        const access = metricsAccess(deps.env.METRICS_TOKEN, ctx.get('authorization'));
        if (access === 'off') throw new AppError('NOT_FOUND');
        if (access === 'refused') throw new AppError('UNAUTHENTICATED');
      } else if (def.access !== 'public' && !ctx.state.actor) throw new AppError('UNAUTHENTICATED');
      await next();
    };
    router[def.method](def.path, authenticate, ...(def.before ? [def.before(deps)] : []), async (ctx: Koa.Context) => {
      const locale = ctx.state.locale;
      const actor = ctx.state.actor ?? null;
      const params = def.params ? parseOrThrow(def.params, ctx.params, locale, 'params') : undefined;
      const query = def.query ? parseOrThrow(def.query, ctx.query, locale, 'query') : undefined;
      const body = def.body ? parseOrThrow(def.body, ctx.request.body === undefined ? {} : ctx.request.body, locale, 'body') : undefined; // JSON null is not an empty body
      const scope = { actor, em: ctx.state.em, deps };
      const result = await (def.handler as (s: unknown, i: unknown) => Promise<unknown>)(scope, { params, query, body, koa: ctx });
      if (def.raw) return;
      if (checkResponses && def.response && result !== undefined) def.response.parse(result); // presenters must match their schema
      // a handler that set a status (e.g. 200 instead of 201 when nothing was created) keeps it
      ctx.status = ctx.status !== 404 ? ctx.status : (def.status ?? 200);
      if (def.status === 204) ctx.body = null;
      else ctx.body = result;
    });
  }

  let cached: object | null = null;
  const openapi = () => (cached ??= buildOpenApiDocument(routes));
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openapi();
  });
  return { router, openapi, routes };
}
