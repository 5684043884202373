import { z } from 'zod';
import { route } from '../../http/route.js';
import { APPLICANT_COOKIE, CSRF_HEADER, csrfTokenFor } from '../../http/middlewares/csrf.js';
import { applicantOut, applicantSessionIn, otpRequestIn, otpRequestOut } from './applicants.schemas.js';
import { requestOtp, signInWithOtp } from './applicant-otp.js';
import { presentApplicant, requireApplicant } from './applicant-sessions.js';
import { signOutApplicant } from './sign-out-applicant.js';

/** Applicants (members of the public) sign in with their mobile number and a one-time password. */
export const applicantRoutes = [
  route({
    method: 'post',
    path: '/api/public/otp',
    summary: 'Send a one-time password by SMS to a mobile number (limited per number and per address)',
    tags: ['public'],
    access: 'public',
    body: otpRequestIn,
    response: otpRequestOut,
    status: 201,
    handler: async (scope, { body, koa }) => requestOtp(scope.deps, scope.em, body, { ip: koa.ip, locale: body.lang ?? koa.state.locale }),
  }),
  route({
    method: 'post',
    path: '/api/public/session',
    summary: "Sign in with the one-time password; sets the applicant's httpOnly session cookie",
    tags: ['public'],
    access: 'public',
    body: applicantSessionIn,
    response: applicantOut,
    handler: async (scope, { body, koa }) => {
      const { token, applicant } = await signInWithOtp(scope.deps, scope.em, body, {
        ip: koa.ip,
        locale: koa.state.locale,
        ttlHours: scope.deps.env.SESSION_TTL_HOURS,
      });
      koa.cookies.set(APPLICANT_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: koa.state.cookieSecure,
        path: '/',
        overwrite: true,
      });
      koa.set(CSRF_HEADER, csrfTokenFor(token));
      return presentApplicant(applicant);
    },
  }),
  route({
    method: 'get',
    path: '/api/public/me',
    summary: 'The signed-in applicant (401 when none)',
    tags: ['public'],
    access: 'public',
    response: applicantOut,
    handler: async (scope, { koa }) => presentApplicant(await requireApplicant(scope.em, koa)),
  }),
  route({
    method: 'delete',
    path: '/api/public/session',
    summary: 'Sign the applicant out',
    tags: ['public'],
    access: 'public',
    status: 204,
    response: z.undefined(),
    handler: async (scope, { koa }) => {
      await signOutApplicant(scope.deps, scope.em, koa.cookies.get(APPLICANT_COOKIE), { ip: koa.ip, locale: koa.state.locale });
      koa.cookies.set(APPLICANT_COOKIE, '', {
        httpOnly: true,
        sameSite: 'lax',
        secure: koa.state.cookieSecure,
        path: '/',
        expires: new Date(0),
      });
    },
  }),
];
