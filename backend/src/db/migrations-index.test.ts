import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { MIGRATIONS_DIR } from './orm.js';
import { migrationsList } from '../../../migrations/index.js';

describe('migrations/index.ts', () => {
  it('lists every migration file, in order', async () => {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^Migration\d+\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(migrationsList.map((m) => m.name)).toEqual(files);
    for (const m of migrationsList) expect(m.class.name).toBe(m.name);
  });
});
