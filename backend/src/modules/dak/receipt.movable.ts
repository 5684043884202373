import type { MovableKind } from '../movement/movable.js';
import { receiptAccess, ReceiptSchema, type Receipt } from './dak.entity.js';
import { loadVisibleReceipt, receiptStateRefusal } from './dak.policy.js';
import { presentReceipt } from './dak.presenter.js';
import type { ReceiptOut } from './dak.schemas.js';

/** Receipts move once diarised; a receipt put in a file moves with the file, a closed one not at all. */
export const receiptKind: MovableKind<Receipt, ReceiptOut> = {
  type: 'receipt',
  plural: 'receipts',
  schema: ReceiptSchema,
  access: receiptAccess,
  liveStatus: 'diarised',
  loadVisible: loadVisibleReceipt,
  present: presentReceipt,
  stateRefusal: receiptStateRefusal,
};
