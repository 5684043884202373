/**
 * npm run api:types — writes frontend/src/api/schema.d.ts from the OpenAPI document, so the web
 * app's request and response types are the backend's zod schemas. A unit test fails when the
 * committed file is stale.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_DIR } from '../config/env.js';
import { generateApiTypes } from '../http/api-types.js';
import { allRoutes } from '../routes.js';

const target = path.join(ROOT_DIR, 'frontend', 'src', 'api', 'schema.d.ts');
await writeFile(target, await generateApiTypes(allRoutes));
console.log(`wrote ${path.relative(ROOT_DIR, target)}`);
