/**
 * The org module's public surface: offices, sections, posts, users and their charges. Org knows no
 * module above it; it emits "charge changed" and the like (org.events.ts), and auth listens.
 */

// --- for the modules above: posts, users and offices as they reference and show them
export { OfficeSchema, PostSchema, UserSchema, OFFICE_KINDS, type OfficeKind, type Post, type User } from './org.entity.js';
/** The posts a user holds today (login, post switch, the acting post). */
export { loadHeldPosts, type HeldPost } from './held-posts.js';
/** Admin-only actions elsewhere (file heads, DSC administration) use org's rule. */
export { assertCan } from './org.policy.js';
/** The active admin posts (who sees every user's certificates). */
export { adminPostIds } from './admin-guard.js';
export { capability, chargeType } from './org.schemas.js';
/** The org as the read models (pendency, search) see it: the office tree, posts, and who supervises what (supervisedOffices). */
export { cachedOrg, loadOrg, OrgSnapshot, type OrgOffice, type OrgPost, type OrgSection } from './org-snapshot.js';

// --- for the composition root
export { SectionSchema, ChargeSchema } from './org.entity.js';
export { orgRoutes } from './org.routes.js';
export { orgListeners } from './org.events.js';
export { importOrg } from './import-org.js';
export { seedDemoDistrict } from './seed-demo-district.js';
