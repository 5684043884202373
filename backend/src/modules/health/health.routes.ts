import { z } from 'zod';
import { route } from '../../http/route.js';
import { checkHealth } from './check-health.js';

export const healthOut = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'down']), storage: z.enum(['ok', 'down']), version: z.string() });

export const healthRoutes = [
  route({
    method: 'get', path: '/api/health', summary: 'Liveness and the state of database and storage', tags: ['system'], access: 'public', response: healthOut,
    handler: async (scope, { koa }) => {
      const health = await checkHealth(scope.deps);
      if (health.status !== 'ok') koa.status = 503;
      return health;
    },
  }),
];
