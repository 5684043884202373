import type Koa from 'koa';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/app-error.js';
import { judgeOrigin, type OriginRule } from '../../shared/request-origin.js';

export const CSRF_HEADER = 'x-csrf-token';
/** Before login the token is bound to this httpOnly cookie; after login, to the session cookie. */
export const PRESESSION_COOKIE = 'pv_presession';
/** An applicant's (a member of the public signed in with an OTP) session cookie; their token is bound to it. */
export const APPLICANT_COOKIE = 'pv_applicant';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const COOKIE_VALUE = /^[A-Za-z0-9_-]{32,100}$/;

/**
 * The CSRF token that goes with a secret cookie (the session token, or the pre-session one): an
 * HMAC keyed by it, so no client can choose a token, and a token works only with the cookie it was
 * made for. It changes whenever that cookie does (login, logout).
 */
export function csrfTokenFor(cookieSecret: string): string {
  return createHmac('sha256', cookieSecret).update('patravali csrf v1').digest('base64url');
}

/** The secret cookie this request's token must be bound to: its staff session's, else its applicant session's, else its pre-session cookie. */
function boundSecret(ctx: Koa.Context): string | null {
  const session = ctx.state.sessionToken as string | undefined;
  if (session) return session;
  const applicant = ctx.cookies.get(APPLICANT_COOKIE);
  if (applicant && COOKIE_VALUE.test(applicant)) return applicant;
  const pre = ctx.cookies.get(PRESESSION_COOKIE);
  return pre && COOKIE_VALUE.test(pre) ? pre : null;
}

/** Starts a pre-session (a fresh httpOnly cookie) and returns its token: for a visitor not logged in, and after logout. */
export function startPreSession(ctx: Koa.Context, secure: boolean): string {
  const pre = randomBytes(32).toString('base64url');
  ctx.cookies.set(PRESESSION_COOKIE, pre, { httpOnly: true, sameSite: 'strict', secure, path: '/', overwrite: true });
  return csrfTokenFor(pre);
}

/** Ends the pre-session (at login: from then on the token is bound to the session). */
export function endPreSession(ctx: Koa.Context, secure: boolean): void {
  if (ctx.cookies.get(PRESESSION_COOKIE))
    ctx.cookies.set(PRESESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure, path: '/', expires: new Date(0) });
}

/** The request's CSRF token, starting a pre-session when it has neither a session nor a pre-session. */
export function ensureCsrfToken(ctx: Koa.Context, secure: boolean): string {
  const secret = boundSecret(ctx);
  return secret ? csrfTokenFor(secret) : startPreSession(ctx, secure);
}

/**
 * Every state-changing API request (login included; the public PDF verifier excepted) must
 *  1. come from our own pages: an Origin (or, without one, Referer) naming another site is
 *     ORIGIN_REFUSED. A request with neither is not from a browser (browsers send Origin with every
 *     cross-origin request that changes state) and passes on to the token check;
 *  2. carry in X-CSRF-Token the token bound to its session (or pre-session) cookie — which a
 *     foreign site can neither read nor compute, and a client cannot choose.
 */
export function csrfMiddleware(rule: OriginRule): Koa.Middleware {
  return async (ctx, next) => {
    if (SAFE.has(ctx.method) || !ctx.path.startsWith('/api/') || ctx.path === '/api/verify') return next();
    const origin = judgeOrigin(ctx.req.headers, 'encrypted' in ctx.req.socket && ctx.req.socket.encrypted === true, rule);
    if (origin.verdict === 'foreign') throw new AppError('ORIGIN_REFUSED', {}, { origin: origin.claimed });
    const secret = boundSecret(ctx);
    const header = Buffer.from(ctx.get(CSRF_HEADER));
    const expected = Buffer.from(secret ? csrfTokenFor(secret) : '');
    const ok = expected.length > 0 && header.length === expected.length && timingSafeEqual(expected, header);
    if (!ok) throw new AppError('CSRF_FAILED');
    return next();
  };
}
