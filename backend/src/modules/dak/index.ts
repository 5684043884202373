/**
 * The dak module's public surface: receipts, from scan to diary number. Dak knows no module above
 * it: files puts a receipt in a file and shows that on the receipt through receiptAddons.
 */

// --- for files (a receipt goes into a file as correspondence)
export { ReceiptSchema, ReceiptPageSchema, RECEIPT_STATUSES } from './dak.entity.js';
export { loadVisibleReceipt, receiptRefusal } from './dak.policy.js';
export { presentReceipt } from './dak.presenter.js';
export type { ReceiptAddons } from './receipt-addons.js';

// --- for search: the indexed text of a receipt
export { RECEIPT_SEARCH_TEXT } from './dak.entity.js';

// --- for the demo seed (pendency) and the composition root
export { registerReceipt } from './register-receipt.js';
export { receiptKind } from './receipt.movable.js';
export { ReceiptUploadSchema } from './dak.entity.js';
export { dakQueueRoutes, dakRoutes } from './dak.routes.js';
export { dakListeners } from './dak.events.js';
export { receiptAddons } from './receipt-addons.js';
export { ocrPageJob } from './ocr-page.job.js';
export { processUploadJob } from './process-upload.job.js';
