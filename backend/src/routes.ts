import type { AnyRoute } from './http/route.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { orgRoutes } from './modules/org/org.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { dakRoutes } from './modules/dak/dak.routes.js';
import { movementRoutes } from './modules/movement/movement.routes.js';
import { fileRoutes } from './modules/files/files.routes.js';
import { pendencyRoutes } from './modules/pendency/pendency.routes.js';
import { signingRoutes } from './modules/signing/signing.routes.js';

/** Every API route of the backend; the authorization-matrix test walks this list. */
export const allRoutes: readonly AnyRoute[] = [...healthRoutes, ...authRoutes, ...orgRoutes, ...dakRoutes, ...movementRoutes, ...fileRoutes, ...pendencyRoutes, ...signingRoutes];
