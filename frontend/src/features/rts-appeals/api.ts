import { api, ok } from '../../api/client';
import type { Body, Item, Ok, Query } from '../../api/types';

/** An appeal as staff see it (the holder, the designated officer, supervisors, the Commission), with what the acting post may do. */
export type Appeal = Ok<'/api/rts/appeals/{id}', 'get'>;
export type AppealStep = Appeal['steps'][number];
export type AppealListQuery = Query<'/api/rts/appeals', 'get'>;
export type AppealList = Ok<'/api/rts/appeals', 'get'>;
export type AppealRow = Item<AppealList>;
export type AppealBox = NonNullable<AppealListQuery['box']>;
export type AppealStatus = Appeal['status'];
export type AppealGrounds = Appeal['grounds'];
export type AppealDecision = NonNullable<Appeal['decision']>;
export type DecideInput = Body<'/api/rts/appeals/{id}/decide', 'post'>;
export type ReplyInput = Body<'/api/rts/appeals/{id}/reply', 'post'>;
/** The Right to Service clock of an application (its due date, paused while with the applicant, overdue, on time). */
export type RtsClock = Appeal['application']['rts'];

/** The applicant's view of their application's appeals (the authority by designation and office, never a name). */
export type PublicAppeals = Ok<'/api/public/applications/{ref}/appeals', 'get'>;
export type PublicAppeal = PublicAppeals['items'][number];

export const APPEAL_BOXES: readonly AppealBox[] = ['held', 'designated', 'all'];
export const APPEAL_STATUSES: readonly AppealStatus[] = ['pending', 'decided'];
export const APPEAL_LEVELS = [1, 2, 3] as const;
export const APPEAL_DECISIONS: readonly AppealDecision[] = ['order_delivery', 'dismissed'];

const at = (id: string) => ({ params: { path: { id } } });

/** The Right to Service appeals: staff (list, one, decide, reply) and the applicant's own (public routes, their OTP session). */
export const appealsApi = {
  list: (query: AppealListQuery, signal?: AbortSignal) => ok(api.GET('/api/rts/appeals', { params: { query }, signal })),
  get: (id: string, signal?: AbortSignal) => ok(api.GET('/api/rts/appeals/{id}', { ...at(id), signal })),
  decide: (id: string, body: DecideInput) => ok(api.POST('/api/rts/appeals/{id}/decide', { ...at(id), body })),
  reply: (id: string, body: ReplyInput) => ok(api.POST('/api/rts/appeals/{id}/reply', { ...at(id), body })),

  mine: (ref: string, signal?: AbortSignal) =>
    ok(api.GET('/api/public/applications/{ref}/appeals', { params: { path: { ref } }, signal, fetch: api.quiet })),
  appeal: (ref: string, grievance: string) =>
    ok(api.POST('/api/public/applications/{ref}/appeal', { params: { path: { ref } }, body: { grievance }, fetch: api.quiet })),
};
