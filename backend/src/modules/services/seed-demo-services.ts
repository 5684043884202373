import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scope } from '../../shared/scope.js';
import { importServices } from './import-services.js';
import { publishServiceVersion } from './publish-service-version.js';
import { getService } from './read-services.js';

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

/** The demo district's services (e-pass, visitor passes, verification, two Right-to-Service permissions), imported and published once. */
export async function seedDemoServices(scope: Scope): Promise<void> {
  const definitions = readdirSync(DATA)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(DATA, f), 'utf8')) as unknown);
  const { results } = await importServices(scope, { definitions });
  for (const r of results) {
    const { versions } = await getService(scope, r.code);
    if (versions.find((v) => v.number === r.number)?.status === 'draft') await publishServiceVersion(scope, r.code, r.number);
  }
}
