import { transact, type Scope } from '../../shared/scope.js';
import { fieldError, invalidState } from '../../shared/app-error.js';
import { assertUnique, loadForUpdate } from '../../shared/persistence.js';
import { OfficeSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentOffice } from './org.presenter.js';
import type { UpdateOfficeInput } from './org.schemas.js';

/** Renames, re-codes or moves an office in the tree (never under itself). */
export async function updateOffice(scope: Scope, id: string, input: UpdateOfficeInput) {
  assertCan(scope.actor, 'org.manage');
  return transact(scope, async (tx) => {
    const office = await loadForUpdate(tx.em, OfficeSchema, id, input.version, presentOffice);
    if (input.code && input.code !== office.code)
      assertUnique(await tx.em.count(OfficeSchema, { code: input.code }), 'officeCode', input.code);
    if (input.parentId !== undefined && input.parentId !== null) {
      // walk up from the new parent: meeting this office means a cycle
      let cursor: string | null = input.parentId;
      while (cursor) {
        if (cursor === office.id) throw invalidState('officeCycle');
        const parent: { parent?: { id: string } | null } | null = await tx.em.findOne(OfficeSchema, { id: cursor });
        if (!parent) throw fieldError(['parentId'], 'not_found', 'issues.unknownParentOffice');
        cursor = parent.parent?.id ?? null;
      }
    }
    const before = presentOffice(office);
    if (input.code) office.code = input.code;
    if (input.name) [office.nameEn, office.nameHi] = [input.name.en, input.name.hi];
    if (input.kind) office.kind = input.kind;
    if (input.numberPrefix) office.numberPrefix = input.numberPrefix;
    if (input.parentId !== undefined)
      office.parent = input.parentId ? tx.em.getReference(OfficeSchema, input.parentId, { wrapped: true }) : null;
    await tx.em.flush();
    tx.emit({ type: 'office.updated', officeId: office.id, before, after: presentOffice(office) });
    return presentOffice(office);
  });
}
