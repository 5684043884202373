import type Koa from 'koa';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/app-error.js';

export const CSRF_COOKIE = 'pv_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Returns the request's CSRF token, issuing one (readable cookie) when there is none. */
export function ensureCsrfToken(ctx: Koa.Context, secure: boolean): string {
  const existing = ctx.cookies.get(CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  ctx.cookies.set(CSRF_COOKIE, token, { httpOnly: false, sameSite: 'strict', secure, path: '/', overwrite: true });
  return token;
}

/**
 * Double-submit defence on every state-changing API request (login included): the header must
 * repeat the cookie, which a foreign site can neither read nor set.
 */
export function csrfMiddleware(): Koa.Middleware {
  return async (ctx, next) => {
    if (SAFE.has(ctx.method) || !ctx.path.startsWith('/api/') || ctx.path === '/api/verify') return next();
    const cookie = ctx.cookies.get(CSRF_COOKIE) ?? '';
    const header = ctx.get(CSRF_HEADER);
    const ok = cookie.length > 0 && header.length === cookie.length && timingSafeEqual(Buffer.from(cookie), Buffer.from(header));
    if (!ok) throw new AppError('CSRF_FAILED');
    return next();
  };
}
