import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, invalidState } from '../../shared/app-error.js';
import { OfficeSchema, SectionSchema } from './org.entity.js';

/** A post's section must exist and belong to the post's office. */
export async function assertOfficeAndSection(em: EntityManager, officeId: string, sectionId: string | null): Promise<void> {
  if (!(await em.count(OfficeSchema, { id: officeId }))) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['officeId'], code: 'not_found', message: 'unknown office' }] });
  }
  if (sectionId) {
    const section = await em.findOne(SectionSchema, { id: sectionId });
    if (!section) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['sectionId'], code: 'not_found', message: 'unknown section' }] });
    if (section.office.id !== officeId) throw invalidState('sectionOtherOffice');
  }
}
