import type { AnyRoute } from './http/route.js';
import { authRoutes } from './modules/auth/index.js';
import { orgRoutes } from './modules/org/index.js';
import { healthRoutes } from './modules/health/index.js';
import { dakQueueRoutes, dakRoutes, receiptKind } from './modules/dak/index.js';
import { bulkRoutes, inboxRoutes, moveRoutes } from './modules/movement/index.js';
import { fileKind, fileRoutes } from './modules/files/index.js';
import { searchRoutes } from './modules/search/index.js';
import { pendencyRoutes } from './modules/pendency/index.js';
import { signingRoutes } from './modules/signing/index.js';
import { applicantRoutes } from './modules/applicants/index.js';
import { serviceRoutes } from './modules/services/index.js';
import { gazetteerRoutes } from './modules/gazetteer/index.js';
import { applicationKind, applicationRoutes } from './modules/applications/index.js';
import { outboxRoutes } from './modules/outbox/index.js';
import { passesRoutes } from './modules/passes/index.js';
import { checkpointRoutes } from './modules/checkpoints/index.js';
import { rtsDashboardRoutes, rtsRoutes } from './modules/rts/index.js';

/**
 * Every API route of the backend; the authorization-matrix test walks this list. Each kind of item
 * gets the items core's moves (send, pull back, return, park, close, reopen). The order is the
 * OpenAPI document's, and so that of the web app's generated types (frontend/src/api/schema.d.ts).
 */
export const allRoutes: readonly AnyRoute[] = [
  ...healthRoutes,
  ...authRoutes,
  ...orgRoutes,
  ...gazetteerRoutes,
  ...dakRoutes,
  ...searchRoutes,
  ...dakQueueRoutes,
  ...moveRoutes(receiptKind),
  ...moveRoutes(fileKind),
  ...inboxRoutes,
  ...bulkRoutes([receiptKind, fileKind, applicationKind]),
  ...fileRoutes,
  ...pendencyRoutes,
  ...signingRoutes,
  ...applicantRoutes,
  ...serviceRoutes,
  ...applicationRoutes,
  ...moveRoutes(applicationKind),
  ...outboxRoutes,
  ...passesRoutes,
  ...checkpointRoutes,
  ...rtsRoutes,
  ...rtsDashboardRoutes,
];
