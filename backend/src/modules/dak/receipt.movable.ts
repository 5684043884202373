import { AppError } from '../../shared/app-error.js';
import type { MovableKind } from '../movement/movable.js';
import { ReceiptSchema, type Receipt } from './dak.entity.js';
import { canSee, loadVisibleReceipt } from './dak.policy.js';
import { presentCommitted, presentReceipt } from './dak.presenter.js';
import type { ReceiptOut } from './dak.schemas.js';

/** Receipts move once diarised; a receipt put in a file moves with the file, a closed one not at all. */
export const receiptKind: MovableKind<Receipt, ReceiptOut> = {
  type: 'receipt',
  plural: 'receipts',
  schema: ReceiptSchema,
  liveStatus: 'diarised',
  loadVisible: loadVisibleReceipt,
  canSee,
  present: presentReceipt,
  presentCommitted,
  assertState(r, action) {
    if (action === 'reopen') {
      if (r.status !== 'closed') throw new AppError('INVALID_STATE', { reason: { tKey: 'reasons.notClosed' } });
      return;
    }
    if (r.status === 'diarised') return;
    const reason = r.status === 'draft' ? 'notDiarised' : r.status === 'filed' ? 'filed' : 'closed';
    throw new AppError('INVALID_STATE', { reason: { tKey: `reasons.${reason}` } });
  },
};
