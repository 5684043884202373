import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_DIR } from '../config/env.js';
import { migrationsList } from '../../../migrations/index.js';
import { installedSqlFiles, readSqlDir } from './sql-migration.js';

describe('SQL files of the modules', () => {
  it('are installed as they read now by the newest migration that carries them', async () => {
    const modules = path.join(ROOT_DIR, 'backend/src/modules');
    const dirs = [];
    for (const m of await readdir(modules)) {
      if ((await readdir(path.join(modules, m))).includes('sql')) dirs.push(path.join('backend/src/modules', m, 'sql'));
    }
    expect(dirs).toContain('backend/src/modules/pendency/sql');
    const installed = installedSqlFiles(migrationsList);
    for (const dir of dirs) {
      for (const [file, text] of Object.entries(await readSqlDir(dir))) {
        const hint = `${file} changed: run npm run migration:create -- --sql ${dir}`;
        expect(installed.get(file)?.text, hint).toBe(text);
      }
    }
  });
});
