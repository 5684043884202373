import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_DIR } from '../config/env.js';
import { generateApiTypes } from './api-types.js';
import { allRoutes } from '../routes.js';

describe('frontend API types', () => {
  it('are generated from the current OpenAPI document (run `npm run api:types` after changing a schema)', async () => {
    const committed = await readFile(path.join(ROOT_DIR, 'frontend', 'src', 'api', 'schema.d.ts'), 'utf8');
    expect(committed).toBe(await generateApiTypes(allRoutes));
  });
});
