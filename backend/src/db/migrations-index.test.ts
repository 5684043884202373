import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../config/env.js';
import { MIGRATIONS_DIR } from './orm.js';
import { migrationsList } from '../../../migrations/index.js';

const LANDED = path.join(MIGRATIONS_DIR, 'landed.json');
const migrationFiles = async () =>
  (await readdir(MIGRATIONS_DIR))
    .filter((f) => /^Migration\d+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
const sha256 = (text: string) => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');

describe('migrations/index.ts', () => {
  it('lists every migration file, in order', async () => {
    expect(migrationsList.map((m) => m.name)).toEqual(await migrationFiles());
    for (const m of migrationsList) expect(m.class.name).toBe(m.name);
  });
});

/**
 * A migration that has landed never changes: databases out there ran it as it was. migrations/landed.json
 * holds the SHA-256 of every migration as it landed; a new migration adds its line there in the same
 * commit (the test says which), and an entry, once committed, never changes (checked against the
 * first commit of landed.json that holds it, where git history is at hand).
 */
describe('landed migrations never change', () => {
  it('every migration file is byte-for-byte the one that landed', async () => {
    const landed = JSON.parse(await readFile(LANDED, 'utf8')) as Record<string, string>;
    for (const name of await migrationFiles()) {
      const actual = sha256(await readFile(path.join(MIGRATIONS_DIR, `${name}.ts`), 'utf8'));
      expect(landed[name], `${name} is new: add  "${name}": "${actual}"  to migrations/landed.json`).toBeDefined();
      expect(actual, `${name} was changed after it landed: write a new migration instead`).toBe(landed[name]);
    }
    for (const name of Object.keys(landed)) expect(await migrationFiles(), `${name} was deleted after it landed`).toContain(name);
  });

  it('no entry of migrations/landed.json was changed after it was first committed', async () => {
    const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(existsSync(path.join(ROOT_DIR, '.git')), 'the check needs the git history of the checkout').toBe(true);
    const commits = git(['log', '--reverse', '--format=%H', '--', 'migrations/landed.json']).split('\n').filter(Boolean);
    const first = new Map<string, string>();
    for (const commit of commits) {
      const entries = JSON.parse(git(['show', `${commit}:migrations/landed.json`])) as Record<string, string>;
      for (const [name, hash] of Object.entries(entries)) if (!first.has(name)) first.set(name, hash);
    }
    const current = JSON.parse(await readFile(LANDED, 'utf8')) as Record<string, string>;
    for (const [name, hash] of Object.entries(current)) {
      if (first.has(name)) expect(hash, `the landed hash of ${name} was edited`).toBe(first.get(name));
    }
  });
});
