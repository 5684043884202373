import { invalidState } from '../../shared/app-error.js';
import type { MovableKind } from '../movement/movable.js';
import { receiptAccess, ReceiptSchema, type Receipt } from './dak.entity.js';
import { loadVisibleReceipt } from './dak.policy.js';
import { presentReceipt } from './dak.presenter.js';
import type { ReceiptOut } from './dak.schemas.js';

/** A receipt can be moved or put in a file only while diarised (not a draft, not filed, not closed). */
export function assertReceiptLive(r: { status: string }): void {
  if (r.status === 'diarised') return;
  throw invalidState(r.status === 'draft' ? 'notDiarised' : r.status === 'filed' ? 'filed' : 'closed');
}

/** Receipts move once diarised; a receipt put in a file moves with the file, a closed one not at all. */
export const receiptKind: MovableKind<Receipt, ReceiptOut> = {
  type: 'receipt',
  plural: 'receipts',
  schema: ReceiptSchema,
  access: receiptAccess,
  liveStatus: 'diarised',
  loadVisible: loadVisibleReceipt,
  present: presentReceipt,
  assertState(r, action) {
    if (action === 'reopen') {
      if (r.status !== 'closed') throw invalidState('notClosed');
      return;
    }
    assertReceiptLive(r);
  },
};
