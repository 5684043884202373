import { transact, type Scope } from '../../shared/scope.js';
import { assertUnique, loadForUpdate } from '../../shared/persistence.js';
import { SectionSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentSection } from './org.presenter.js';
import type { UpdateSectionInput } from './org.schemas.js';

/** Renames or re-codes a section. */
export async function updateSection(scope: Scope, id: string, input: UpdateSectionInput) {
  assertCan(scope.actor, 'org.manage');
  return transact(scope, async (tx) => {
    const section = await loadForUpdate(tx.em, SectionSchema, id, input.version, presentSection);
    if (input.code && input.code !== section.code)
      assertUnique(await tx.em.count(SectionSchema, { office: section.office.id, code: input.code }), 'sectionCode', input.code);
    const before = presentSection(section);
    if (input.code) section.code = input.code;
    if (input.name) [section.nameEn, section.nameHi] = [input.name.en, input.name.hi];
    await tx.em.flush();
    tx.emit({ type: 'section.updated', sectionId: section.id, before, after: presentSection(section) });
    return presentSection(section);
  });
}
