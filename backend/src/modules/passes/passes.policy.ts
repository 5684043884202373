import type { Actor } from '../../shared/actor.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import type { IssuedDocument } from './passes.entity.js';

/**
 * Who may cancel an issued pass or certificate: the issuing office's authority — the post that
 * approved it, or a supervising post of that office — and only while it is not cancelled already.
 * (Who may see it at all is the application's access rule: invisible ⇒ NOT_FOUND, checked first.)
 */
export function cancelRefusal(actor: Actor, doc: Pick<IssuedDocument, 'status' | 'office' | 'issuedByPost'>): AppError | null {
  const issuer = actor.postId === doc.issuedByPost.id;
  const supervisor = actor.officeId === doc.office.id && actor.capabilities.includes('supervision');
  if (!issuer && !supervisor) return new AppError('FORBIDDEN');
  if (doc.status === 'cancelled') return invalidState('documentCancelled');
  return null;
}
