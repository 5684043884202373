import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, forbidden } from '../../shared/app-error.js';
import { canSee } from '../movement/access.js';
import { ReceiptSchema, type Receipt } from './dak.entity.js';

export type DakAction = 'receipt.scan' | 'receipt.view' | 'receipt.act';

/**
 * A receipt exists for a user only if one of their posts is in its access list (every post it was
 * with, sent from or copied to), or in the access list of the file it was put in (movement/access.ts,
 * as registered in dak.entity.ts). Acting on it
 * (diarise, send, add pages) needs the acting post to be its holder. Scanning new dak needs a post
 * with the dak capability.
 */
export async function loadVisibleReceipt(em: EntityManager, actor: Actor, id: string): Promise<Receipt> {
  const receipt = await em.findOne(ReceiptSchema, { id }, { populate: ['holderPost', 'createdByPost'] });
  if (!receipt || !(await canSee(em, actor, 'receipt', receipt))) throw new AppError('NOT_FOUND');
  return receipt;
}

export function assertCan(actor: Actor, action: DakAction, receipt?: Receipt): void {
  if (action === 'receipt.scan') {
    if (!actor.capabilities.includes('dak')) throw forbidden();
    return;
  }
  if (action === 'receipt.act' && receipt && receipt.holderPost.id !== actor.postId) throw new AppError('NOT_WITH_YOU');
}

export const isHolder = (actor: Actor, receipt: Receipt) => receipt.holderPost.id === actor.postId;
