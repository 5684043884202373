/**
 * The items core's public surface: moves, inbox and access — for every kind of item, knowing none.
 * A kind (dak's receipts, files) describes itself as a MovableKind and registers its access lists
 * (registerItemAccess); the composition root gives it the move routes (moveRoutes).
 */

// --- describing a kind of item
export type { MovableKind, MoveAbility } from './movable.js';
export { ITEM_TYPES, type ItemType } from './movement.entity.js';

// --- the access rule: who may see an item (one predicate, one SQL fragment) and granting it
export { canSee, grant, grantSql, postsSeeing, refKey, registerItemAccess, visibleRefs, visibleSql, type SqlPart } from './access.js';
/** After a receipt of a higher grading joins a file, the file's access narrows to match. */
export { narrowAccessToGrading } from './narrow-access.js';

/** Who made and holds a new item. */
export { heldByCreator } from './held-by-creator.js';

// --- moves, and what a kind's views show of them
export { markRead, sendItem } from './move-item.js';
/** How a failed item of any bulk action is reported (the code and message of its single route). */
export { bulkFailure } from './bulk-move.js';
export { moveAbilities, moveFacts } from './movement.policy.js';
export { postRefs, presentMovements, userRefs, type PostRef } from './movement.presenter.js';
export { movementOut } from './movement.schemas.js';
/** A kind's own list of what the acting post holds (dak's drafts): the inbox, asked for that kind. */
export { listInbox } from './list-inbox.js';
/** Listeners of every move, whatever its event (pendency keeps its read model in step). */
export { onEveryMove } from './movement.events.js';

// --- due dates and overdue, as pendency (built on top) defines them; provided by the composition root
export { itemDueDates, type ItemDue, type ItemDueDates } from './item-due-dates.js';

// --- for the composition root
export { MovementSchema, ItemAccessSchema } from './movement.entity.js';
export { bulkRoutes, inboxRoutes, moveRoutes } from './movement.routes.js';
export { movementListeners } from './movement.events.js';
