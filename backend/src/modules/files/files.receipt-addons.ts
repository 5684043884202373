import type { ReceiptAddons } from '../dak/receipt-addons.js';
import { EFileSchema } from './files.entity.js';

/** What a receipt view shows of files: the file it was put in. */
export const filesReceiptAddons: ReceiptAddons = {
  async filedIn(em, fileId) {
    const f = await em.findOne(EFileSchema, { id: fileId });
    return f ? { id: f.id, fileNumber: f.fileNumber } : null;
  },
};
