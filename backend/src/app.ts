import Koa from 'koa';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ROOT_DIR } from './config/env.js';
import type { Deps } from './shared/scope.js';
import { localeFromHeader } from './shared/i18n.js';
import { errorMiddleware } from './http/middlewares/errors.js';
import { csrfMiddleware } from './http/middlewares/csrf.js';
import { jsonBodyParser } from './http/body-parser.js';
import { frontendMiddleware } from './http/frontend.js';
import { buildApi, type BuiltApi } from './http/router.js';
import { resolveSession, SESSION_COOKIE } from './modules/auth/sessions.js';
import { allRoutes } from './routes.js';

export interface App {
  koa: Koa;
  api: BuiltApi;
}

const FRONTEND_DIST = path.join(ROOT_DIR, 'frontend', 'dist');

/** The Koa app without listen(), so tests can mount it. */
export function createApp(deps: Deps): App {
  const koa = new Koa({ proxy: deps.env.TRUST_PROXY });
  const cookieSecure = deps.env.COOKIE_SECURE ?? (deps.env.PUBLIC_URL?.startsWith('https:') ?? false);
  const api = buildApi(deps, allRoutes);

  koa.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self' ws: wss: http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    ctx.state.cookieSecure = cookieSecure;
    ctx.state.locale = localeFromHeader(ctx.get('accept-language'), deps.env.DEFAULT_LOCALE);
    await next();
  });
  koa.use(errorMiddleware(deps.log));
  koa.use(jsonBodyParser());
  koa.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    ctx.state.em = deps.orm.em.fork();
    const resolved = await resolveSession(ctx.state.em, ctx.cookies.get(SESSION_COOKIE), { ip: ctx.ip, fallbackLocale: ctx.state.locale, ttlHours: deps.env.SESSION_TTL_HOURS });
    if (resolved) {
      ctx.state.actor = resolved.actor;
      // the user's remembered language wins over the browser's header
      if (resolved.userLocale) ctx.state.locale = resolved.actor.locale;
      ctx.state.em.clear();
    }
    return next();
  });
  koa.use(csrfMiddleware());
  koa.use(api.router.routes());
  koa.use(api.router.allowedMethods());

  if (deps.env.SERVE_FRONTEND && existsSync(FRONTEND_DIST)) koa.use(frontendMiddleware(FRONTEND_DIST));
  return { koa, api };
}
