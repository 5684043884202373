import type { EntityManager } from '@mikro-orm/postgresql';
import { extensionPoint } from '../../shared/extension-point.js';

/** What the modules built on receipts (files) show on a receipt; dak never imports them. Provided by the composition root. */
export interface ReceiptAddons {
  /** The file a receipt was put in, as the receipt view names it. */
  filedIn(em: EntityManager, fileId: string): Promise<{ id: string; fileNumber: string } | null>;
}

export const receiptAddons = extensionPoint<ReceiptAddons>('receipt addons (files)');
