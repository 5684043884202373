import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, forbidden, notFound } from '../../shared/app-error.js';
import type { Actor } from '../../shared/actor.js';
import { cachedOrg, type OfficeKind } from '../org/index.js';

/** Offices whose checkpoint posts check on the road (police stations, circle offices); at any other office a checkpoint post guards the office's gate. */
const ROAD_OFFICE_KINDS: readonly OfficeKind[] = ['police_station', 'circle_office'];

/** Where a checkpoint post checks. */
export interface CheckPlace {
  postId: string;
  post: { en: string; hi: string };
  officeId: string;
  officeCode: string;
  office: { en: string; hi: string };
  /** An office gate: entry and exit are logged, and a visitor pass must name this office. */
  gate: boolean;
}

/** Checking passes, recording checks and seeing who is inside need the acting post to have the checkpoint capability. */
export function assertCheckpoint(actor: Actor): asserts actor is Actor & { postId: string; officeId: string } {
  if (!actor.postId || !actor.officeId || !actor.capabilities.includes('checkpoint')) throw forbidden();
}

/** The acting post's place (after `assertCheckpoint`), or that of another post the user holds (records made as it). */
export async function checkPlace(em: EntityManager, actor: Actor, postId = actor.postId): Promise<CheckPlace> {
  if (!postId || !actor.heldPostIds.includes(postId)) throw new AppError('FORBIDDEN');
  const org = await cachedOrg(em);
  const post = org.posts.get(postId);
  const office = post && org.offices.get(post.officeId);
  if (!post || !office || !post.active || !post.capabilities.includes('checkpoint')) throw forbidden();
  return {
    postId: post.id,
    post: { en: post.designationEn, hi: post.designationHi },
    officeId: office.id,
    officeCode: office.code,
    office: { en: office.nameEn, hi: office.nameHi },
    gate: !ROAD_OFFICE_KINDS.includes(office.kind),
  };
}

/** Who is inside an office is shown to the checkpoint posts of that office's gate; for anyone else it does not exist. */
export function assertGateOf(place: CheckPlace, officeId: string): void {
  if (!place.gate || place.officeId !== officeId) throw notFound();
}
