import type { z } from 'zod';
import type { Scope } from '../../shared/scope.js';
import { messageDelivery, OutboxMessageSchema } from '../../infra/notifier.js';
import { assertCan } from '../org/index.js';
import type { outboxOut, outboxQuery } from './outbox.schemas.js';

/** Templates whose text is a secret (a one-time password): shown only in demo mode, where messages never leave the outbox. */
const SECRET_TEMPLATES = new Set(['applicants.otpSms']);

/**
 * The outbox as an administrator sees it. In demo mode (no gateway) it is where SMS "arrive", so the text
 * shows, one-time passwords included; with a real gateway the text of a one-time password never shows.
 */
export async function listOutbox(scope: Scope, q: z.infer<typeof outboxQuery>): Promise<z.infer<typeof outboxOut>> {
  assertCan(scope.actor, 'org.manage');
  const demo = messageDelivery.use.demo;
  const where = {
    ...(q.q ? { recipient: { $ilike: `%${q.q.replace(/[%_\\]/g, '\\$&')}%` } } : {}),
    ...(q.status ? { status: q.status } : {}),
  };
  const [rows, total] = await scope.em.findAndCount(OutboxMessageSchema, where, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    demo,
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((m) => ({
      id: m.id,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject ?? null,
      body: !demo && m.template && SECRET_TEMPLATES.has(m.template) ? null : m.body,
      status: m.status,
      template: m.template ?? null,
      relatedType: m.relatedType,
      attempts: m.attempts,
      lastError: m.lastError ?? null,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt ? m.sentAt.toISOString() : null,
    })),
  };
}
