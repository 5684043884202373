import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Deps } from '../../shared/scope.js';
import { systemActor } from '../../shared/actor.js';
import { OfficeSchema } from './org.entity.js';
import { importOrg } from './import-org.js';

const DEMO_CSV = fileURLToPath(new URL('./data/demo-district.csv', import.meta.url));

/**
 * Seeds the demo district (Pilibhit) through the same CSV import an admin uses, once: a database
 * that already has the district is left alone. Nodes starting together take turns (advisory lock).
 * `alsoSeed` adds, in the same transaction, what modules above org keep of the district (file heads):
 * the composition root passes it.
 */
export async function seedDemoDistrict(deps: Deps, alsoSeed: (em: EntityManager) => Promise<void>): Promise<'seeded' | 'present'> {
  const em = deps.orm.em.fork();
  const conn = em.getConnection();
  return em.transactional(async (tx): Promise<'seeded' | 'present'> => {
    await conn.execute('select pg_advisory_xact_lock(7331003)', [], 'run', tx.getTransactionContext());
    if (await tx.count(OfficeSchema, { code: 'PBT' })) return 'present';
    const report = await importOrg(
      { actor: systemActor(), em: tx, deps },
      { csv: await readFile(DEMO_CSV, 'utf8'), defaultPassword: deps.env.DEMO_PASSWORD },
    );
    if (!report.ok) throw new Error(`demo district CSV is invalid:\n${report.errors.map((e) => e.message).join('\n')}`);
    await alsoSeed(tx);
    deps.log.info(report.counts, 'demo district seeded');
    return 'seeded';
  });
}
