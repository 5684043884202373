import { route } from '../../http/route.js';
import { applicantActor, requireApplicant } from '../applicants/index.js';
import * as s from './rts.schemas.js';
import { referenceParams } from './rts.schemas.js';
import { appealRejection, decideAppeal, listAppeals, myAppeals, replyToAppeal } from './appeal-actions.js';
import { loadVisibleAppeal } from './appeals.policy.js';
import { presentAppeal } from './appeals.presenter.js';

const tags = ['rts'];

/**
 * Right to Service appeals: the appellate authorities decide them, the designated officer replies, and
 * every post that may see the application follows them; the applicant follows theirs and appeals a
 * rejection (public routes, their OTP session).
 */
export const rtsRoutes = [
  route({
    method: 'get',
    path: '/api/rts/appeals',
    summary: 'Appeals to decide (held), against my post (designated) or all I may see; pending first, nearest deadline first',
    tags,
    access: 'user',
    query: s.appealListQuery,
    response: s.appealListOut,
    handler: async (scope, { query }) => listAppeals(scope.em, scope.actor, query),
  }),
  route({
    method: 'get',
    path: '/api/rts/appeals/:id',
    summary: 'An appeal: the application, the missed due date, its steps, reply, decision, and what I may do',
    tags,
    access: 'user',
    params: s.appealParams,
    response: s.appealOut,
    handler: async (scope, { params }) => presentAppeal(scope.em, scope.actor, await loadVisibleAppeal(scope.em, scope.actor, params.id)),
  }),
  route({
    method: 'post',
    path: '/api/rts/appeals/:id/decide',
    summary:
      'Decide an appeal held by my post: order delivery within N working days, or dismiss; a penalty and compensation may be recorded',
    tags,
    access: 'user',
    params: s.appealParams,
    body: s.decideIn,
    response: s.appealOut,
    handler: async (scope, { params, body }) => decideAppeal(scope, params.id, body),
  }),
  route({
    method: 'post',
    path: '/api/rts/appeals/:id/reply',
    summary: "The designated officer's reply to an appeal against their post",
    tags,
    access: 'user',
    params: s.appealParams,
    body: s.replyIn,
    response: s.appealOut,
    handler: async (scope, { params, body }) => replyToAppeal(scope, params.id, body),
  }),
  route({
    method: 'get',
    path: '/api/public/applications/:ref/appeals',
    summary: "The appeals on the signed-in applicant's application, and until when they may appeal a rejection",
    tags: ['public'],
    access: 'public',
    params: referenceParams,
    response: s.publicAppealsOut,
    handler: async (scope, { params, koa }) => myAppeals(scope.em, (await requireApplicant(scope.em, koa)).id, params.ref),
  }),
  route({
    method: 'post',
    path: '/api/public/applications/:ref/appeal',
    summary: 'Appeal the rejection of the signed-in applicant’s application (within the service’s period)',
    tags: ['public'],
    access: 'public',
    status: 201,
    params: referenceParams,
    body: s.publicAppealIn,
    response: s.publicAppealOut,
    handler: async (scope, { params, body, koa }) => {
      const applicant = await requireApplicant(scope.em, koa);
      const actor = applicantActor(applicant.id, applicant.mobile, { ip: koa.ip, locale: koa.state.locale });
      return appealRejection(scope.deps, scope.em, actor, applicant.id, params.ref, body.grievance);
    },
  }),
];
