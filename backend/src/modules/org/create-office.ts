import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { fieldError } from '../../shared/app-error.js';
import { assertUnique } from '../../shared/persistence.js';
import { OfficeSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentOffice } from './org.presenter.js';
import type { CreateOfficeInput } from './org.schemas.js';

/** Adds an office under a parent (or as a root, e.g. the district). */
export async function createOffice(scope: Scope, input: CreateOfficeInput) {
  assertCan(scope.actor, 'org.manage');
  return transact(scope, async (tx) => {
    assertUnique(await tx.em.count(OfficeSchema, { code: input.code }), 'officeCode', input.code);
    if (input.parentId && !(await tx.em.count(OfficeSchema, { id: input.parentId }))) {
      throw fieldError(['parentId'], 'not_found', 'issues.unknownParentOffice');
    }
    const office = tx.em.create(OfficeSchema, {
      id: randomUUID(),
      code: input.code,
      nameEn: input.name.en,
      nameHi: input.name.hi,
      kind: input.kind,
      numberPrefix: input.numberPrefix ?? input.code.replace(/-/g, '/'),
      parent: input.parentId ?? null,
    });
    await tx.em.flush();
    tx.emit({ type: 'office.created', officeId: office.id, code: office.code });
    return presentOffice(office);
  });
}
