/**
 * The search's public surface. A read model: nobody below imports it; it reads receipts and files
 * through its own queries (search.queries.ts) and the access module's visibility fragment.
 */
export { searchRoutes } from './search.routes.js';
