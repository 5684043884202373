import { route } from '../../http/route.js';
import { listOutbox } from './list-outbox.js';
import { outboxOut, outboxQuery } from './outbox.schemas.js';

/** The outbox for administrators: what went (or is going) out to the public, newest first. */
export const outboxRoutes = [
  route({
    method: 'get',
    path: '/api/admin/outbox',
    summary: 'Messages to the public (SMS, e-mail), newest first; with the demo gateway their text, one-time passwords included',
    tags: ['admin'],
    access: 'admin',
    query: outboxQuery,
    response: outboxOut,
    handler: (scope, { query }) => listOutbox(scope, query),
  }),
];
