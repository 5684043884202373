import type { EntityManager } from '@mikro-orm/postgresql';
import { rows } from './pendency.queries.js';

/** The SQL of the demo district's pendency seed: items made through the use cases, then dated back. */

/** One seeding at a time across nodes starting together (until the transaction ends). */
export async function seedLock(em: EntityManager): Promise<void> {
  await rows(em, 'select pg_advisory_xact_lock(7331006)');
}

export const officeByCode = (em: EntityManager, code: string) => rows<{ id: string }>(em, 'select id from office where code = ?', [code]);
export const postCodes = (em: EntityManager) => rows<{ id: string; code: string }>(em, 'select id, code from post');
export const demoItemsPresent = async (em: EntityManager) =>
  (await rows(em, `select 1 from receipt where letter_number like 'PND-DEMO/%' limit 1`)).length > 0;

/** A head of the office the post belongs to, by code. */
export const headOfPostOffice = (em: EntityManager, postCode: string, headCode: string) =>
  rows<{ id: string }>(em, `select h.id from file_head h join post p on p.office_id = h.office_id where p.code = ? and h.code = ?`, [
    postCode,
    headCode,
  ]);

/** Dates a receipt back: received `created`, with its holder since `held` (sent then, or opened then when it never moved). */
export async function backdateReceipt(
  em: EntityManager,
  id: string,
  d: { created: Date; receivedOn: string; held: Date; openedAt: Date | null },
): Promise<void> {
  await rows(em, `update receipt set created_at = ?, diarised_at = ?, received_date = ?, held_since = ?, opened_at = ? where id = ?`, [
    d.created,
    d.created,
    d.receivedOn,
    d.held,
    d.openedAt,
    id,
  ]);
  await rows(em, `update movement set sent_at = ? where item_type = 'receipt' and item_id = ?`, [d.held, id]);
  await rows(em, `update pendency_event set at = ? where item_type = 'receipt' and item_id = ?`, [d.created, id]);
}

/** Dates a file back: opened `opened`, with its holder since `held`. */
export async function backdateFile(em: EntityManager, id: string, d: { opened: Date; held: Date }): Promise<void> {
  await rows(em, 'update efile set created_at = ?, held_since = ? where id = ?', [d.opened, d.held, id]);
  await rows(em, `update pendency_event set at = ? where item_type = 'file' and item_id = ?`, [d.opened, id]);
}
