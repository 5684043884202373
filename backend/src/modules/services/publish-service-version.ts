import { AppError, invalidState } from '../../shared/app-error.js';
import { lockRow } from '../../shared/persistence.js';
import { transact, type Scope } from '../../shared/scope.js';
import { assertCan } from '../org/index.js';
import { ServiceSchema, ServiceVersionSchema } from './services.entity.js';
import { getService } from './read-services.js';

/** Publishes a draft version: applications are filed under it from now on; the version live before is retired (applications filed under it keep it). */
export async function publishServiceVersion(scope: Scope, code: string, number: number) {
  assertCan(scope.actor, 'org.manage');
  await transact(scope, async (tx) => {
    const service = await lockRow(tx.em, ServiceSchema, { code });
    if (!service) throw new AppError('NOT_FOUND');
    const v = await tx.em.findOne(ServiceVersionSchema, { service: service.id, number });
    if (!v) throw new AppError('NOT_FOUND');
    if (v.status !== 'draft') throw invalidState('serviceVersionNotDraft');
    if (service.liveVersion)
      await tx.em.nativeUpdate(ServiceVersionSchema, { service: service.id, number: service.liveVersion }, { status: 'retired' });
    const retired = service.liveVersion ?? null;
    Object.assign(v, { status: 'live', publishedAt: new Date() });
    service.liveVersion = number;
    await tx.em.flush();
    tx.emit({ type: 'service.published', serviceId: service.id, code, number, retired });
  });
  return getService(scope, code);
}
