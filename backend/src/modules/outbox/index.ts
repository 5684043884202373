/** The outbox of messages to the public, as administrators read it (a platform module above org). */
export { outboxRoutes } from './outbox.routes.js';
