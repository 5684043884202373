import { z } from 'zod';
import { isoDateTime, pageQuery, paginated, text } from '../../shared/schemas.js';

export const outboxQuery = pageQuery.extend({
  q: text(100).optional().describe('part of the recipient (mobile number or e-mail)'),
  status: z.enum(['queued', 'sent', 'failed']).optional(),
});
export const outboxOut = paginated(
  z.object({
    id: z.uuid(),
    channel: z.enum(['sms', 'email']),
    recipient: z.string(),
    subject: z.string().nullable(),
    body: z.string().nullable().describe('null: a one-time password, shown only while messages stay in the outbox (demo)'),
    status: z.enum(['queued', 'sent', 'failed']),
    template: z.string().nullable(),
    relatedType: z.string(),
    attempts: z.int(),
    lastError: z.string().nullable(),
    createdAt: isoDateTime,
    sentAt: isoDateTime.nullable(),
  }),
).extend({ demo: z.boolean().describe('messages stay in the outbox (no gateway configured)') });
