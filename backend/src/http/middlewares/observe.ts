import type Koa from 'koa';
import { acceptRequestId, withRequestContext } from '../../shared/request-context.js';
import { httpErrors, httpRequestDuration } from '../../infra/metrics.js';

/**
 * Gives each request its id — a plain incoming X-Request-Id (from the load balancer) or a new one —
 * answers it in X-Request-Id and runs the request inside it, so every log line of the request and
 * every job it enqueues carry it (shared/request-context.ts).
 */
export function requestIdMiddleware(): Koa.Middleware {
  return async (ctx, next) => {
    const requestId = acceptRequestId(ctx.get('x-request-id') || undefined);
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    await withRequestContext({ requestId }, next);
  };
}

/**
 * Times every request by its route template (`/api/files/:id`, never the raw path: one series per
 * route, not per file), and counts answers >= 400 by status and error code. Sits outside the error
 * middleware, so it sees the status the client got.
 */
export function requestMetricsMiddleware(): Koa.Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const route = typeof matched === 'string' ? matched : ctx.path.startsWith('/api/') ? 'unmatched' : 'static';
      const status = ctx.status;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      httpRequestDuration.observe({ route, method: ctx.method, status_class: `${Math.floor(status / 100)}xx` }, seconds);
      if (status >= 400) {
        const code = (ctx.body as { error?: unknown } | null)?.error;
        httpErrors.inc({ status: String(status), code: typeof code === 'string' ? code : '' });
      }
    }
  };
}
