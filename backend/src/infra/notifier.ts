import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxMessageSchema } from '../modules/dak/dak.entity.js';

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  recipient: string;
  subject?: string;
  body: string;
  relatedType: string;
  relatedId: string;
}

/**
 * Messages to the public (acknowledgements) are written to the outbox in the caller's transaction,
 * so none is lost or sent for a change that rolled back. The default adapter only records them (and
 * the log shows them); an SMS/e-mail gateway adapter would deliver queued rows and mark them sent.
 */
export async function queueMessage(em: EntityManager, message: OutgoingMessage, log?: { info(o: object, m: string): void }): Promise<string> {
  const id = randomUUID();
  log?.info({ outbox: id, channel: message.channel, to: message.recipient, body: message.body }, 'message queued in the outbox (no gateway configured)');
  em.create(OutboxMessageSchema, { id, ...message, subject: message.subject ?? null, status: 'queued', sentAt: null });
  await em.flush();
  return id;
}
