import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { assertUnique, loadForUpdate } from '../../shared/persistence.js';
import { bi } from '../../shared/i18n.js';
import { OfficeSchema, assertCan } from '../org/index.js';
import { FileHeadSchema, type FileHead } from './files.entity.js';

const presentHead = (h: FileHead) => ({
  id: h.id,
  officeId: h.office.id,
  code: h.code,
  name: bi(h.nameEn, h.nameHi),
  active: h.active,
  version: h.version,
});

/** The heads of an office's file scheme (the acting post's office unless another is asked for); active ones unless `all`. */
export async function listFileHeads(scope: Scope, q: { officeId?: string | undefined; all?: boolean | undefined }) {
  const officeId = q.officeId ?? scope.actor.officeId;
  if (!officeId) return { items: [] };
  const heads = await scope.em.find(FileHeadSchema, { office: officeId, ...(q.all ? {} : { active: true }) }, { orderBy: { code: 'asc' } });
  return { items: heads.map(presentHead) };
}

/** Adds a head to an office's file scheme (admin). */
export async function createFileHead(scope: Scope, input: { officeId: string; code: string; name: { en: string; hi: string } }) {
  assertCan(scope.actor, 'org.manage');
  return transact(scope, async (tx) => {
    if (!(await tx.em.count(OfficeSchema, { id: input.officeId }))) throw new AppError('NOT_FOUND');
    assertUnique(await tx.em.count(FileHeadSchema, { office: input.officeId, code: input.code }), 'headCode', input.code);
    const head = tx.em.create(FileHeadSchema, {
      id: randomUUID(),
      office: input.officeId,
      code: input.code,
      nameEn: input.name.en,
      nameHi: input.name.hi,
      active: true,
      createdAt: new Date(),
    });
    await tx.em.flush();
    tx.emit({ type: 'file-head.created', headId: head.id, officeId: input.officeId, code: input.code });
    return presentHead(head);
  });
}

/** Renames or (de)activates a head; its code is part of file numbers already given and never changes. */
export async function updateFileHead(
  scope: Scope,
  id: string,
  input: { version: number; name?: { en: string; hi: string } | undefined; active?: boolean | undefined },
) {
  assertCan(scope.actor, 'org.manage');
  return transact(scope, async (tx) => {
    const head = await loadForUpdate(tx.em, FileHeadSchema, id, input.version, (h) => presentHead(h));
    if (input.name) Object.assign(head, { nameEn: input.name.en, nameHi: input.name.hi });
    if (input.active !== undefined) head.active = input.active;
    await tx.em.flush();
    tx.emit({ type: 'file-head.updated', headId: id, officeId: head.office.id, name: input.name, active: input.active });
    return presentHead(head);
  });
}
