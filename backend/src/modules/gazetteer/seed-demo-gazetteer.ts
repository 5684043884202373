import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Deps } from '../../shared/scope.js';
import { systemActor } from '../../shared/actor.js';
import { AppError } from '../../shared/app-error.js';
import { importGazetteer } from './import-gazetteer.js';

const DEMO_CSV = fileURLToPath(new URL('./data/demo-gazetteer.csv', import.meta.url));

/**
 * The demo district's gazetteer (Pilibhit: five tehsils, six police-station areas, their localities
 * and serving offices), through the same import an admin uses. Runs inside the demo district's
 * one-time seed (org/seed-demo-district.ts), after the offices and posts it names exist.
 */
export async function seedDemoGazetteer(em: EntityManager, deps: Deps): Promise<void> {
  try {
    await importGazetteer({ actor: systemActor(), em, deps }, { csv: await readFile(DEMO_CSV, 'utf8') });
  } catch (e) {
    if (e instanceof AppError && e.code === 'IMPORT_REJECTED') {
      throw new Error(
        `demo gazetteer CSV is invalid:\n${((e.details?.problems ?? []) as Array<{ message: string }>).map((p) => p.message).join('\n')}`,
      );
    }
    throw e;
  }
}
