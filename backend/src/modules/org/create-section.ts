import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { assertUnique } from '../../shared/persistence.js';
import { OfficeSchema, SectionSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentSection } from './org.presenter.js';
import type { CreateSectionInput } from './org.schemas.js';

/** Adds a section (branch) to an office. */
export async function createSection(scope: Scope, input: CreateSectionInput) {
  assertCan(scope.actor, 'org.manage');
  return transact(scope, async (tx) => {
    if (!(await tx.em.count(OfficeSchema, { id: input.officeId }))) throw new AppError('NOT_FOUND');
    assertUnique(await tx.em.count(SectionSchema, { office: input.officeId, code: input.code }), 'sectionCode', input.code);
    const section = tx.em.create(SectionSchema, {
      id: randomUUID(),
      office: input.officeId,
      code: input.code,
      nameEn: input.name.en,
      nameHi: input.name.hi,
    });
    await tx.em.flush();
    tx.emit({ type: 'section.created', sectionId: section.id, officeId: input.officeId, code: input.code });
    return presentSection(section);
  });
}
