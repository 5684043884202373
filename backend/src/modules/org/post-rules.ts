import type { EntityManager } from '@mikro-orm/postgresql';
import { fieldError, invalidState } from '../../shared/app-error.js';
import { OfficeSchema, SectionSchema } from './org.entity.js';

/** A post's section must exist and belong to the post's office. */
export async function assertOfficeAndSection(em: EntityManager, officeId: string, sectionId: string | null): Promise<void> {
  if (!(await em.count(OfficeSchema, { id: officeId }))) {
    throw fieldError(['officeId'], 'not_found', 'issues.unknownOffice');
  }
  if (sectionId) {
    const section = await em.findOne(SectionSchema, { id: sectionId });
    if (!section) throw fieldError(['sectionId'], 'not_found', 'issues.unknownSection');
    if (section.office.id !== officeId) throw invalidState('sectionOtherOffice');
  }
}
