/** Health and liveness (a platform module: it answers without a session or the domain). */
export { healthRoutes } from './health.routes.js';
