import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { extensionPoint } from '../shared/extension-point.js';
import { t } from '../shared/i18n.js';
import { runEach, type Statement } from '../shared/persistence.js';

/** Messages to send (acknowledgements to senders, reminders, dispatched letters); the default adapter only records them. */
export const OutboxMessageSchema = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  properties: {
    id: p.uuid().primary(),
    channel: p.string().length(10).$type<'sms' | 'email'>(),
    recipient: p.string().length(200),
    subject: p.string().length(300).nullable(),
    body: p.text(),
    status: p.string().length(20).$type<'queued' | 'sent' | 'failed'>(),
    relatedType: p.string().length(20),
    relatedId: p.uuid().index(),
    /** The message template (a message key such as `ack.sms`) and its values: a DLT-registered SMS or a WhatsApp template is sent by them. */
    template: p.string().length(60).nullable(),
    params: p.json<Record<string, string>>().nullable(),
    locale: p.string().length(2).$type<'hi' | 'en'>().nullable(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    /** The gateway's id of the delivered message. */
    providerRef: p.string().length(120).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
  },
});
export type OutboxMessage = InferEntity<typeof OutboxMessageSchema>;

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  recipient: string;
  subject?: string;
  body: string;
  relatedType: string;
  relatedId: string;
  /** The message key the body was made from, its values and language (needed by template-based gateways: DLT SMS, WhatsApp). */
  template?: { key: string; params: Record<string, string | number | null | undefined>; locale: 'hi' | 'en' };
}

/** What happens to a queued message once it commits: the composition root hands it to the configured gateway's delivery job. */
export interface MessageDelivery {
  /** Messages only stay in the outbox (demo): the log may show their text (one-time passwords included); with a real gateway it never does. */
  demo: boolean;
  /** The statement that hands the queued message to the gateway (its delivery job), sent with the message's row; null when none. */
  queuedSql(id: string, channel: OutgoingMessage['channel']): Promise<Statement | null>;
}
export const messageDelivery = extensionPoint<MessageDelivery>('message delivery (system.ts)');

/**
 * Messages to the public (acknowledgements, one-time passwords) are written to the outbox in the
 * caller's transaction, so none is lost or sent for a change that rolled back. With the default
 * gateway (`outbox`) they stay there (the log shows them); with an SMS or WhatsApp gateway a delivery
 * job, enqueued in the same transaction, sends each and marks it sent (infra/outbox-delivery.ts).
 */
export async function queueMessage(
  em: EntityManager,
  message: OutgoingMessage,
  log?: { info(o: object, m: string): void },
): Promise<string> {
  const { id, statements } = await messageStatements(message, log);
  await runEach(em, statements);
  return id;
}

/**
 * `queueMessage` as statements, for a caller that sends them with its other writes (a listener's
 * `statements`): the outbox row and, with a gateway, its delivery job.
 */
export async function messageStatements(
  message: OutgoingMessage,
  log?: { info(o: object, m: string): void },
): Promise<{ id: string; statements: Statement[] }> {
  const id = randomUUID();
  const { template } = message;
  const delivery = messageDelivery.use;
  const row: Statement = {
    sql: `insert into outbox_message (id, channel, recipient, subject, body, status, related_type, related_id, template, params, locale, attempts, created_at)
      values (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?::jsonb, ?, 0, ?)`,
    params: [
      id,
      message.channel,
      message.recipient,
      message.subject ?? null,
      message.body,
      message.relatedType,
      message.relatedId,
      template?.key ?? null,
      template
        ? JSON.stringify(
            Object.fromEntries(Object.entries(template.params).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])),
          )
        : null,
      template?.locale ?? null,
      new Date(),
    ],
  };
  const job = await delivery.queuedSql(id, message.channel);
  log?.info(
    { outbox: id, channel: message.channel, to: message.recipient, ...(delivery.demo ? { body: message.body } : {}) },
    'message queued in the outbox',
  );
  return { id, statements: job ? [row, job] : [row] };
}

/**
 * An SMS made from a message template in the recipient's language: its text is the template rendered
 * (`t`), and the template itself (key, values, language) travels with it for gateways that send by template
 * (DLT SMS, WhatsApp) — one place, so the text and the template never say different things.
 */
export function queueSms(em: EntityManager, sms: TemplatedSms, log?: { info(o: object, m: string): void }): Promise<string> {
  return queueMessage(em, smsMessage(sms), log);
}

/** `queueSms` as statements (for a listener's `statements`). */
export async function smsStatements(sms: TemplatedSms): Promise<Statement[]> {
  return (await messageStatements(smsMessage(sms))).statements;
}

export interface TemplatedSms {
  to: string;
  key: string;
  params: Record<string, string | number | null | undefined>;
  locale: 'hi' | 'en';
  related: { type: string; id: string };
}

const smsMessage = (sms: TemplatedSms): OutgoingMessage => ({
  channel: 'sms',
  recipient: sms.to,
  body: t(sms.locale, sms.key, sms.params),
  relatedType: sms.related.type,
  relatedId: sms.related.id,
  template: { key: sms.key, params: sms.params, locale: sms.locale },
});
