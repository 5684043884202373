import type { Actor } from '../../../shared/actor.js';
import { AppError } from '../../../shared/app-error.js';
import type { OrgSnapshot } from '../../org/index.js';

/**
 * Who may look at Right to Service delivery, and over which offices. A post of the Right to Service
 * Commission (an office of kind `commission`) sees every office of the state. A supervising post that
 * heads offices under its own — a district head (DM, SP), a department or circle head — sees its office
 * and every office under it (the org snapshot's `supervisedOffices`). Anyone else (an SHO, an SDM, a
 * clerk) gets NOT_FOUND: what one may not see does not exist. Narrowing to an office outside the
 * scope is NOT_FOUND too.
 */
export interface RtsScope {
  kind: 'state' | 'offices';
  postId: string;
  /** The office the figures are shown for (null: the whole state). */
  rootOfficeId: string | null;
  /** The offices counted; null: every office (the Commission, not narrowed). */
  officeIds: string[] | null;
  /** Every office the post may look at (null: all). */
  visible: ReadonlySet<string> | null;
}

/** The scope, or null when the post may not see the dashboard at all. */
export function rtsScopeOf(actor: Actor, org: OrgSnapshot): Omit<RtsScope, 'rootOfficeId' | 'officeIds'> | null {
  const post = actor.postId ? org.posts.get(actor.postId) : undefined;
  if (!post || !post.active) return null;
  if (org.offices.get(post.officeId)?.kind === 'commission') return { kind: 'state', postId: post.id, visible: null };
  if (!actor.capabilities.includes('supervision') || !org.isSupervisor(post) || !org.children.get(post.officeId)?.length) return null;
  return { kind: 'offices', postId: post.id, visible: org.supervisedOffices(post.id) };
}

export function resolveRtsScope(actor: Actor, org: OrgSnapshot, narrowTo?: string): RtsScope {
  const base = rtsScopeOf(actor, org);
  if (!base) throw new AppError('NOT_FOUND');
  const post = org.posts.get(base.postId)!;
  if (narrowTo) {
    if (!org.offices.has(narrowTo) || (base.visible && !base.visible.has(narrowTo))) throw new AppError('NOT_FOUND');
    return { ...base, rootOfficeId: narrowTo, officeIds: org.subtree(narrowTo).map((o) => o.id) };
  }
  if (base.kind === 'state') return { ...base, rootOfficeId: null, officeIds: null };
  return { ...base, rootOfficeId: post.officeId, officeIds: [...base.visible!] };
}

/** An office, designated post or filter named in a drill-down must lie in the scope (else NOT_FOUND). */
export function assertInRtsScope(scope: RtsScope, org: OrgSnapshot, f: { atOfficeId?: string; postId?: string }): void {
  const inScope = (officeId: string | undefined) =>
    !!officeId && org.offices.has(officeId) && (!scope.officeIds || scope.officeIds.includes(officeId));
  if (f.atOfficeId && !inScope(f.atOfficeId)) throw new AppError('NOT_FOUND');
  if (f.postId && !inScope(org.posts.get(f.postId)?.officeId)) throw new AppError('NOT_FOUND');
}
