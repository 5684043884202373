import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/process.js';
import { freePort } from '../support/global-setup.js';

describe('migrations', () => {
  it('match the entity definitions (a changed entity without its migration fails here)', async () => {
    const port = await freePort();
    const res = await runCommand(['--import', 'tsx', 'backend/src/cli/create-migration.ts', '--check', '--port', String(port)], {}, 90_000);
    expect(res.stderr).not.toMatch(/differ from the migrations/);
    expect(res.stdout).toContain('Migrations match the entities.');
    expect(res.status).toBe(0);
  }, 120_000);
});
