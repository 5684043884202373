import { z } from 'zod';
import { route } from '../../http/route.js';
import { APP_VERSION as VERSION } from '../../config/env.js';
import { checkHealth } from './check-health.js';
import { metricsContentType, scrape } from '../../infra/metrics.js';

const healthOut = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'down']),
  storage: z.enum(['ok', 'down']),
  version: z.string(),
});

const liveOut = z.object({ status: z.literal('ok'), version: z.string(), uptimeSeconds: z.number() });

export const healthRoutes = [
  route({
    method: 'get',
    path: '/api/health/live',
    summary: 'Liveness: the process runs and answers (a load balancer restarts it only when this fails)',
    tags: ['system'],
    access: 'public',
    response: liveOut,
    handler: async () => ({ status: 'ok' as const, version: VERSION, uptimeSeconds: Math.round(process.uptime()) }),
  }),
  route({
    method: 'get',
    path: '/api/health',
    summary: 'Readiness: 200 when database and storage answer, else 503 naming the part that is down',
    tags: ['system'],
    access: 'public',
    response: healthOut,
    handler: async (scope, { koa }) => {
      const health = await checkHealth(scope.deps);
      if (health.status !== 'ok') koa.status = 503;
      return health;
    },
  }),
  route({
    method: 'get',
    path: '/metrics',
    summary:
      'Prometheus metrics of this node (request latency and errors, job queues, OCR, signing, database pools, sockets, audit chain lag)',
    description:
      'Needs `Authorization: Bearer $METRICS_TOKEN`; without METRICS_TOKEN configured the endpoint does not exist (404). README: "Metrics and alerts".',
    tags: ['system'],
    access: 'metrics',
    raw: { contentType: metricsContentType, description: 'Prometheus text exposition format' },
    handler: async (_scope, { koa }) => {
      koa.type = metricsContentType;
      koa.body = await scrape();
    },
  }),
];
