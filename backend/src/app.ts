import Koa from 'koa';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ROOT_DIR } from './config/env.js';
import type { Deps } from './shared/scope.js';
import { AppError } from './shared/app-error.js';
import { localeFromHeader } from './shared/i18n.js';
import { errorMiddleware } from './http/middlewares/errors.js';
import { csrfMiddleware } from './http/middlewares/csrf.js';
import { requestIdMiddleware, requestMetricsMiddleware } from './http/middlewares/observe.js';
import { jsonBodyParser } from './http/body-parser.js';
import { frontendMiddleware } from './http/frontend.js';
import { buildApi, type BuiltApi } from './http/router.js';
import { resolveSession, SESSION_COOKIE } from './modules/auth/index.js';
import { allRoutes } from './routes.js';

export interface App {
  koa: Koa;
  api: BuiltApi;
}

const FRONTEND_DIST = path.join(ROOT_DIR, 'frontend', 'dist');

/** The Koa app without listen(), so tests can mount it. */
export function createApp(deps: Deps): App {
  // Only the address the load balancer itself added (the last in X-Forwarded-For) is trusted: the ones before it
  // come from the client, who could otherwise pick a new address per request past the per-address throttles.
  const koa = new Koa({ proxy: deps.env.TRUST_PROXY, maxIpsCount: 1 });
  const publicHttps = deps.env.PUBLIC_URL?.startsWith('https:') ?? false;
  const cookieSecure = deps.env.COOKIE_SECURE ?? publicHttps;
  const api = buildApi(deps, allRoutes);

  koa.use(requestIdMiddleware());
  koa.use(requestMetricsMiddleware());
  koa.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self' ws: wss: http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    // served over https (PUBLIC_URL, or TLS / a trusted proxy's X-Forwarded-Proto): browsers keep to https
    if (publicHttps || ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000');
    ctx.state.cookieSecure = cookieSecure;
    // Secure cookies are configured (PUBLIC_URL is https or COOKIE_SECURE): TLS ends at the proxy in
    // front of us, so the hop to this node may be plain http — without this Koa refuses to set them (a 500)
    if (cookieSecure) ctx.cookies.secure = true;
    ctx.state.locale = localeFromHeader(ctx.get('accept-language'), deps.env.DEFAULT_LOCALE);
    await next();
  });
  koa.use(errorMiddleware(deps.log));
  koa.use(jsonBodyParser());
  koa.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    ctx.state.em = deps.orm.em.fork();
    // health answers without a session: it must work while the database is away
    if (ctx.path.startsWith('/api/health')) return next();
    const token = ctx.cookies.get(SESSION_COOKIE);
    const resolved = await resolveSession(ctx.state.em, token, {
      ip: ctx.ip,
      fallbackLocale: ctx.state.locale,
      ttlHours: deps.env.SESSION_TTL_HOURS,
    });
    if (resolved) {
      ctx.state.actor = resolved.actor;
      ctx.state.sessionToken = token; // the CSRF token is bound to it
      // the user's remembered language wins over the browser's header
      if (resolved.userLocale) ctx.state.locale = resolved.actor.locale;
      ctx.state.em.clear();
    }
    return next();
  });
  koa.use(csrfMiddleware({ publicUrl: deps.env.PUBLIC_URL ?? null, trustProxy: deps.env.TRUST_PROXY }));
  koa.use(api.router.routes());
  // a method the path does not have: 405 as {error, message} in the user's language, like every other error
  koa.use(
    api.router.allowedMethods({
      throw: true,
      methodNotAllowed: () => new AppError('METHOD_NOT_ALLOWED'),
      notImplemented: () => new AppError('METHOD_NOT_ALLOWED'),
    }),
  );

  if (deps.env.SERVE_FRONTEND && existsSync(FRONTEND_DIST)) koa.use(frontendMiddleware(FRONTEND_DIST));
  return { koa, api };
}
