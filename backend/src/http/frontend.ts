import type Koa from 'koa';
import serve from 'koa-static';
import { send } from '@koa/send';
import { AppError } from '../shared/app-error.js';

/** A request path that may name a file of the web app: decodable, no NUL, no `..` segment. */
export function safeStaticPath(rawPath: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return false;
  }
  return !decoded.includes('\0') && !decoded.split(/[/\\]/).includes('..');
}

/**
 * Serves the built web app from `dir`; every other GET outside /api/ gets index.html (history-mode
 * SPA). A path that tries to climb out of `dir` (`/../../etc/passwd`, `%2e%2e`), or that the file
 * server refuses, is answered 404 — never a server error, and never a file outside `dir`.
 */
export function frontendMiddleware(dir: string): Koa.Middleware {
  // hashed build assets (/assets/name-HASH.js) never change: cached for a year; everything else is
  // revalidated. Precompressed .br/.gz (written at build time) go to browsers that accept them.
  const files = serve(dir, {
    index: false,
    maxage: 0,
    brotli: true,
    gzip: true,
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return async (ctx, next) => {
    if (ctx.path.startsWith('/api/') || ctx.path.startsWith('/socket.io') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    if (!safeStaticPath(ctx.path)) throw new AppError('NOT_FOUND');
    try {
      await files(ctx, async () => {
        if (ctx.method !== 'GET') return next();
        await send(ctx, 'index.html', { root: dir });
        ctx.set('Cache-Control', 'no-cache');
      });
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (!(e instanceof AppError) && status !== undefined && status >= 400 && status < 500) throw new AppError('NOT_FOUND');
      throw e;
    }
  };
}
