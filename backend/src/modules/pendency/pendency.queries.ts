import type { EntityManager } from '@mikro-orm/postgresql';
import type { Register } from '../../shared/registers.js';
import type { ItemType } from '../movement/movement.entity.js';

/** Rows as the driver answers them; each query below names its own. */
const all = <R>(em: EntityManager, sql: string, params: unknown[] = []) => em.getConnection().execute<R[]>(sql, params, 'all', em.getTransactionContext());

/** The special registers of a receipt being filed and of the file it goes into. */
export const registersOfFiledReceipt = (em: EntityManager, receiptId: string, fileId: string) =>
  all<{ item_type: ItemType; register: Register; reference: string | null }>(em,
    `select item_type, register, reference from pendency_register where (item_type = 'receipt' and item_id = ?) or (item_type = 'file' and item_id = ?)`,
    [receiptId, fileId]);
