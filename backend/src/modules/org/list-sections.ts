import type { Scope } from '../../shared/scope.js';
import { SectionSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentSection } from './org.presenter.js';

/** Sections, of one office or all. */
export async function listSections(scope: Scope, input: { officeId?: string }) {
  assertCan(scope.actor, 'org.read');
  const sections = await scope.em.find(SectionSchema, input.officeId ? { office: input.officeId } : {}, { orderBy: { code: 'asc' } });
  return { items: sections.map(presentSection) };
}
