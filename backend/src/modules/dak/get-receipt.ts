import type { Scope } from '../../shared/scope.js';
import { loadVisibleReceipt } from './dak.policy.js';
import { presentReceipt } from './dak.presenter.js';
import { markRead } from '../movement/index.js';
import { receiptKind } from './receipt.movable.js';

/**
 * A receipt with its pages, OCR text, uploads and history. The holder's first look after a move
 * marks it opened (from then on the sender can no longer pull it back).
 */
export async function getReceipt(scope: Scope, id: string) {
  let receipt = await loadVisibleReceipt(scope.em, scope.actor, id);
  if (await markRead(scope, receiptKind, receipt)) receipt = await loadVisibleReceipt(scope.em.fork(), scope.actor, id);
  return presentReceipt(scope.em, scope.actor, receipt);
}
