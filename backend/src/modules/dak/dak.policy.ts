import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, forbidden, invalidState } from '../../shared/app-error.js';
import { canSee } from '../movement/access.js';
import type { MoveAbility } from '../movement/movable.js';
import { ReceiptSchema, type Receipt } from './dak.entity.js';

export type DakAction = 'receipt.scan';

/**
 * A receipt exists for a user only if one of their posts is in its access list (every post it was
 * with, sent from or copied to), or in the access list of the file it was put in (movement/access.ts,
 * as registered in dak.entity.ts). Acting on it (diarise, send, add pages) needs the acting post to
 * be its holder. Scanning new dak needs a post with the dak capability.
 */
export async function loadVisibleReceipt(em: EntityManager, actor: Actor, id: string): Promise<Receipt> {
  const receipt = await em.findOne(ReceiptSchema, { id }, { populate: ['holderPost', 'createdByPost'] });
  if (!receipt || !(await canSee(em, actor, 'receipt', receipt))) throw new AppError('NOT_FOUND');
  return receipt;
}

export function assertCan(actor: Actor, action: DakAction): void {
  if (action === 'receipt.scan' && !actor.capabilities.includes('dak')) throw forbidden();
}

/** Why a receipt cannot be moved or put in a file in this state (only a diarised one can), or null. */
export function receiptLiveRefusal(r: { status: string }): AppError | null {
  if (r.status === 'diarised') return null;
  return invalidState(r.status === 'draft' ? 'notDiarised' : r.status === 'filed' ? 'filed' : 'closed');
}

/** The receipt's part of every move rule (movement.policy.ts): it moves once diarised; a closed one may only be reopened. */
export function receiptStateRefusal(r: { status: string }, action: MoveAbility): AppError | null {
  if (action === 'reopen') return r.status === 'closed' ? null : invalidState('notClosed');
  return receiptLiveRefusal(r);
}

/** The holder's own actions on a receipt (its moves are movement.policy.ts's). */
export type ReceiptAction = 'diarise' | 'addPages' | 'putInFile';

/**
 * Why the acting post may not do this to the receipt now, or null when it may: THE rule the use
 * cases enforce (diarise-receipt, upload-scans, correspondence) and the receipt's `abilities` show.
 * Pages come in through the scanning desk: adding them needs the dak capability, as scanning does.
 */
export function receiptRefusal(actor: Actor, r: Pick<Receipt, 'holderPost' | 'status'>, action: ReceiptAction): AppError | null {
  if (action === 'addPages' && !actor.capabilities.includes('dak')) return forbidden();
  if (r.holderPost.id !== actor.postId) return new AppError('NOT_WITH_YOU');
  if (action === 'diarise') return r.status === 'draft' ? null : invalidState('alreadyDiarised');
  if (action === 'addPages') return r.status === 'closed' || r.status === 'filed' ? invalidState(r.status) : null;
  return receiptLiveRefusal(r);
}
