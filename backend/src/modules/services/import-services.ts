import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../../shared/app-error.js';
import { localiseIssues } from '../../http/validation.js';
import { transact, type Scope } from '../../shared/scope.js';
import { lockRowOrFail } from '../../shared/persistence.js';
import { assertCan } from '../org/index.js';
import { serviceDefinition, type ServiceDefinition } from './service-definition.js';
import { ServiceSchema, ServiceVersionSchema } from './services.entity.js';

/**
 * Imports service definitions (the catalogue's JSON, or one from the editor): every definition is
 * checked first and all problems are listed together — nothing is written unless all are valid. Each
 * becomes the next version of its service as a draft (replacing an earlier draft), unless it equals
 * the latest version; publishing makes it the one applications are filed under.
 */
export async function importServices(scope: Scope, input: { definitions: unknown[] }) {
  assertCan(scope.actor, 'org.manage');
  const parsed: ServiceDefinition[] = [];
  const at: number[] = []; // each parsed definition's place in the input
  const issues = input.definitions.flatMap((raw, i) => {
    const r = serviceDefinition.safeParse(raw);
    if (r.success) {
      parsed.push(r.data);
      at.push(i);
      return [];
    }
    return localiseIssues(r.error.issues, scope.actor.locale).map((x) => ({ ...x, path: ['definitions', String(i), ...x.path] }));
  });
  const codes = parsed.map((d) => d.code);
  codes.forEach((c, i) => {
    if (codes.indexOf(c) !== i)
      issues.push(
        ...localiseIssues(
          [
            {
              code: 'custom',
              path: ['definitions', at[i]!, 'code'],
              message: 'fields.definitionDuplicate',
              params: { what: 'service', key: c },
              input: c,
            } as never,
          ],
          scope.actor.locale,
        ),
      );
  });
  if (issues.length) throw new AppError('VALIDATION_FAILED', {}, { issues });

  return transact(scope, async (tx) => {
    const results: Array<{ code: string; number: number; outcome: 'created' | 'unchanged' }> = [];
    for (const def of parsed) {
      // one importer at a time per service: the row (made if new, whoever comes first) is locked
      await tx.em
        .getConnection()
        .execute(
          `insert into service (id, code, live_version, created_at, version) values (?, ?, null, now(), 1) on conflict (code) do nothing`,
          [randomUUID(), def.code],
          'run',
          tx.em.getTransactionContext(),
        );
      const service = await lockRowOrFail(tx.em, ServiceSchema, { code: def.code });
      const latest = await tx.em.findOne(ServiceVersionSchema, { service: service.id }, { orderBy: { number: 'desc' } });
      if (latest && isDeepStrictEqual(latest.definition, def)) {
        results.push({ code: def.code, number: latest.number, outcome: 'unchanged' });
        continue;
      }
      const number = latest?.status === 'draft' ? latest.number : (latest?.number ?? 0) + 1;
      if (latest?.status === 'draft') tx.em.remove(latest);
      await tx.em.flush();
      tx.em.create(ServiceVersionSchema, {
        id: randomUUID(),
        service: service.id,
        number,
        definition: def,
        status: 'draft',
        createdBy: scope.actor.username,
        publishedAt: null,
      });
      await tx.em.flush();
      tx.emit({ type: 'service.version-drafted', serviceId: service.id, code: def.code, number });
      results.push({ code: def.code, number, outcome: 'created' });
    }
    return { results };
  });
}
