import { z } from 'zod';
import { route } from '../../http/route.js';
import { CSRF_HEADER, csrfTokenFor, endPreSession, ensureCsrfToken, startPreSession } from '../../http/middlewares/csrf.js';
import { SESSION_COOKIE } from './sessions.js';
import { csrfOut, loginIn, meOut, setLocaleIn, switchPostIn } from './auth.schemas.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { getMe } from './get-me.js';
import { switchActingPost } from './switch-acting-post.js';
import { setLocale } from './set-locale.js';

export const authRoutes = [
  route({
    method: 'get',
    path: '/api/auth/csrf',
    summary:
      'Issue the CSRF token: bound to the session cookie (before login, to a pre-session cookie); login and logout answer the new one in the X-CSRF-Token header',
    tags: ['auth'],
    access: 'public',
    response: csrfOut,
    handler: async (scope, { koa }) => ({ token: ensureCsrfToken(koa, koa.state.cookieSecure) }),
  }),
  route({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Log in; sets the httpOnly session cookie',
    tags: ['auth'],
    access: 'public',
    body: loginIn,
    response: meOut,
    handler: async (scope, { body, koa }) => {
      const { token, me } = await login(scope.deps, scope.em, {
        ...body,
        ip: koa.ip,
        userAgent: koa.get('user-agent') || null,
        locale: koa.state.locale,
      });
      koa.cookies.set(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: koa.state.cookieSecure,
        path: '/',
        overwrite: true,
      });
      // a new session, a new CSRF token: the one from before login no longer works
      endPreSession(koa, koa.state.cookieSecure);
      koa.set(CSRF_HEADER, csrfTokenFor(token));
      return me;
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Log out',
    tags: ['auth'],
    access: 'user',
    status: 204,
    response: z.undefined(),
    handler: async (scope, { koa }) => {
      await logout(scope);
      koa.cookies.set(SESSION_COOKIE, '', {
        httpOnly: true,
        sameSite: 'lax',
        secure: koa.state.cookieSecure,
        path: '/',
        expires: new Date(0),
      });
      koa.set(CSRF_HEADER, startPreSession(koa, koa.state.cookieSecure));
    },
  }),
  route({
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in user, their posts and the acting post',
    tags: ['auth'],
    access: 'user',
    response: meOut,
    handler: (scope) => getMe(scope),
  }),
  route({
    method: 'put',
    path: '/api/me/acting-post',
    summary: 'Act as another post the user holds',
    tags: ['auth'],
    access: 'user',
    body: switchPostIn,
    response: meOut,
    handler: (scope, { body }) => switchActingPost(scope, body),
  }),
  route({
    method: 'put',
    path: '/api/me/locale',
    summary: "Remember the user's language",
    tags: ['auth'],
    access: 'user',
    body: setLocaleIn,
    response: meOut,
    handler: (scope, { body }) => setLocale(scope, body),
  }),
];
