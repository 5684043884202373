import type { EntityManager } from '@mikro-orm/postgresql';
import { servingOfficeFor } from '../gazetteer/index.js';
import type { OrgSnapshot } from '../org/index.js';
import type { AppellateRef, RtsTerms } from '../services/index.js';
import type { AppealLevel } from './rts.entity.js';

/** The authority an appeal goes to: a post and its office. */
export interface Authority {
  postId: string;
  officeId: string;
}

/** What the appellate authorities are found from: the designated officer's post and the area the application was routed by. */
export interface AppealCase {
  designatedPostId: string;
  areaId: string | null;
}

/** The supervising posts above the designated post, nearest office first, and within an office by post code (a stable order). */
function supervisorsAbove(org: OrgSnapshot, postId: string): string[] {
  const code = (id: string) => org.posts.get(id)?.code ?? '';
  return org.escalationChain(postId).flatMap((level) => [...level].sort((a, b) => code(a).localeCompare(code(b))));
}

/** Lookups a run repeats for many applications (the post serving an area in a role), kept for the run. */
export type LookupCache = Map<string, Promise<string | null>>;

async function resolveRef(
  em: EntityManager,
  org: OrgSnapshot,
  ref: AppellateRef,
  c: AppealCase,
  cache?: LookupCache,
): Promise<string | null> {
  if ('post' in ref) {
    for (const p of org.posts.values()) if (p.code === ref.post && p.active) return p.id;
    return null;
  }
  if (!c.areaId) return null;
  const areaId = c.areaId;
  const look = () => servingOfficeFor(em, areaId, ref.role).then((s) => s?.post?.id ?? null);
  if (!cache) return look();
  const key = `${areaId}|${ref.role}`;
  if (!cache.has(key)) cache.set(key, look());
  return cache.get(key)!;
}

/** The Commission: the first supervising post of an office of kind `commission`. */
export function commissionPost(org: OrgSnapshot): string | null {
  for (const o of org.offices.values()) {
    if (o.kind !== 'commission') continue;
    const sup = org.supervisorsIn(o.id).sort((a, b) => (org.posts.get(a)?.code ?? '').localeCompare(org.posts.get(b)?.code ?? ''));
    if (sup[0]) return sup[0];
  }
  return null;
}

/**
 * The one rule of who hears an appeal. Level 1 and 2: the service's First and Second Appellate
 * Authority when its terms name them (a post, or the post serving the application's area in a role),
 * else the supervising posts above the designated officer, nearest first; an authority is never the
 * designated officer nor one who heard it at a lower level. Level 3: the Commission. A level with no
 * authority is passed over, so `from` answers the first level at or above it that has one — null when
 * none does (no Commission configured).
 */
export async function appellateAuthority(
  em: EntityManager,
  org: OrgSnapshot,
  terms: RtsTerms,
  c: AppealCase,
  from: AppealLevel,
  cache?: LookupCache,
): Promise<{ level: AppealLevel; authority: Authority } | null> {
  const above = supervisorsAbove(org, c.designatedPostId);
  const taken = new Set([c.designatedPostId]);
  const picked: Array<string | null> = [];
  for (const [i, ref] of [terms.firstAppellate, terms.secondAppellate].entries()) {
    let post = ref ? await resolveRef(em, org, ref, c, cache) : null;
    if (!post || taken.has(post)) post = above.find((p) => !taken.has(p) && (i === 0 || !picked.includes(p))) ?? null;
    picked.push(post);
    if (post) taken.add(post);
  }
  picked.push(commissionPost(org));
  for (let level = from; level <= 3; level++) {
    const post = picked[level - 1];
    const officeId = post ? org.posts.get(post)?.officeId : undefined;
    if (post && officeId) return { level: level, authority: { postId: post, officeId } };
  }
  return null;
}
