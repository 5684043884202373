import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import { addDays, istDate } from '../../shared/dates.js';
import { canSee } from '../movement/index.js';
import { rtsTermsOf, type ServiceDefinition } from '../services/index.js';
import { RtsAppealSchema, type RtsAppeal } from './rts.entity.js';

/**
 * Who may see an appeal: whoever may see its application (the items core's one access rule) — the
 * designated officer and every post that held the application, and each appellate authority the appeal
 * reached (given read access to the application when it reached them). Others: NOT_FOUND.
 */
export async function loadVisibleAppeal(em: EntityManager, actor: Actor, id: string): Promise<RtsAppeal> {
  const appeal = await em.findOne(RtsAppealSchema, { id }, { populate: ['application', 'application.serviceVersion'] });
  if (!appeal || !(await canSee(em, actor, 'appln', { id: appeal.application.id }))) throw new AppError('NOT_FOUND');
  return appeal;
}

/** THE rule of deciding an appeal: pending, and held by the acting post. Enforced under the row lock; shown as `abilities.decide`. */
export function decideRefusal(actor: Actor, appeal: Pick<RtsAppeal, 'status' | 'holderPost'>): AppError | null {
  if (appeal.status !== 'pending') return invalidState('appealDecided');
  if (appeal.holderPost.id !== actor.postId) return new AppError('NOT_WITH_YOU');
  return null;
}

/** THE rule of the designated officer's reply: pending, and the acting post is the designated post. */
export function replyRefusal(actor: Actor, appeal: Pick<RtsAppeal, 'status' | 'designatedPost'>): AppError | null {
  if (appeal.status !== 'pending') return invalidState('appealDecided');
  if (appeal.designatedPost.id !== actor.postId) return new AppError('FORBIDDEN');
  return null;
}

/**
 * The last day an applicant may appeal a rejection: the service's `rejectionAppealDays` calendar days
 * from the day it was disposed of; null when it was not a rejection (`rejected`: the last step's outcome).
 */
export function rejectionAppealUntil(
  def: ServiceDefinition,
  app: { status: string; closedAt?: Date | null },
  rejected: boolean,
): string | null {
  if (app.status !== 'closed' || !rejected || !app.closedAt) return null;
  return addDays(istDate(app.closedAt), rtsTermsOf(def).rejectionAppealDays);
}

/** THE rule of the applicant's appeal of a rejection: a rejection, within its period, not appealed yet. */
export function applicantAppealRefusal(until: string | null, alreadyAppealed: boolean, today = istDate()): AppError | null {
  if (!until) return invalidState('notRejected');
  if (alreadyAppealed) return invalidState('alreadyAppealed');
  if (today > until) return invalidState('appealTooLate');
  return null;
}
