/**
 * Checkpoints and gates: the /check app's backend — the bundle a phone caches to verify passes
 * offline, checks recorded (idempotently) from the phone, online verification and lookup, and the
 * gates' entry and exit log (who is inside an office now). Above passes; nothing below imports it.
 */
export { checkpointEntities, CheckRecordSchema, type CheckRecord } from './checkpoints.entity.js';
export { checkpointRoutes } from './checkpoints.routes.js';
export { checkpointListeners } from './checkpoints.events.js';
