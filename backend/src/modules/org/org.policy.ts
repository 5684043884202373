import type { Actor } from '../../shared/actor.js';
import { forbidden } from '../../shared/app-error.js';

export type OrgAction = 'org.read' | 'org.manage' | 'user.read' | 'user.manage' | 'charge.manage';

/**
 * Org structure (offices, sections, posts, who holds them) is readable by all staff — they need it
 * to address dak and files. Changing it, and reading users' contact details, needs an admin post.
 */
export function assertCan(actor: Actor, action: OrgAction): void {
  if (action === 'org.read') return;
  if (!actor.capabilities.includes('admin')) throw forbidden();
}
