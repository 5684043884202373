import { z } from 'zod';
import { defineJob } from './define-job.js';
import { OutboxMessageSchema, messageDelivery, type MessageDelivery } from '../infra/notifier.js';
import { gatewayFor, UndeliverableError, type MessageGateway } from '../infra/message-gateways.js';
import type { Deps } from '../shared/scope.js';

const RETRIES = 6;

/**
 * Sends one queued outbox message through the configured gateway and marks it sent. Idempotent: a
 * message no longer queued is left alone. A gateway that is down or slow is retried with back-off
 * (about an hour in all); a refusal no retry can help (no template registered, a 4xx) marks it failed
 * at once. A crash between the gateway's acceptance and the mark can send a message twice — the
 * gateway's reference (the outbox id) lets it drop the duplicate where it supports that.
 */
export const outboxDeliveryJob = defineJob({
  name: 'outbox.deliver',
  payload: z.object({ id: z.uuid() }),
  options: { retryLimit: RETRIES, retryDelaySeconds: 30, retryBackoff: true, concurrency: 4 },
  async handle(deps, { id }, meta) {
    const gateway = gatewayFor(deps.env);
    const em = deps.orm.em.fork();
    const m = await em.findOne(OutboxMessageSchema, { id });
    if (!m || m.status !== 'queued' || !gateway || m.channel !== 'sms') return;
    try {
      const { reference } = await gateway.deliver({
        id: m.id,
        recipient: m.recipient,
        body: m.body,
        template: m.template ?? null,
        params: m.params ?? null,
        locale: m.locale ?? null,
      });
      await em.nativeUpdate(
        OutboxMessageSchema,
        { id, status: 'queued' },
        { status: 'sent', sentAt: new Date(), providerRef: reference, attempts: m.attempts + 1, lastError: null },
      );
      deps.log.info({ outbox: id, gateway: gateway.name, reference }, 'message delivered');
    } catch (err) {
      const final = err instanceof UndeliverableError || meta.retryCount >= RETRIES;
      const reason = err instanceof Error ? err.message : String(err);
      await em.nativeUpdate(
        OutboxMessageSchema,
        { id, status: 'queued' },
        { attempts: m.attempts + 1, lastError: reason.slice(0, 1000), ...(final ? { status: 'failed' } : {}) },
      );
      deps.log.warn(
        { outbox: id, gateway: gateway.name, attempt: meta.retryCount + 1, final, reason },
        final ? 'message could not be delivered' : 'message delivery failed; retrying',
      );
      if (!final) throw err;
    }
  },
});

/** What the composition root provides to the notifier: with a gateway, each SMS queued gets a delivery job in its own transaction. */
export function provideMessageDelivery(deps: Pick<Deps, 'env' | 'jobs'>): MessageGateway | null {
  const gateway = gatewayFor(deps.env);
  const delivery: MessageDelivery = {
    demo: !gateway,
    async queuedSql(id, channel) {
      return gateway && channel === 'sms' ? deps.jobs.enqueueSql(outboxDeliveryJob, { id }) : null;
    },
  };
  messageDelivery.provide(delivery);
  return gateway;
}
