import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_DIR } from '../config/env.js';

/**
 * SQL a module keeps in `modules/<x>/sql/*.sql` (views, functions, triggers) is the readable current
 * definition; a migration installs it by carrying the files' text verbatim in `static sqlFiles`, so a
 * landed migration never changes when the files do. To change such SQL: edit the file, then
 * `npm run migration:create -- --sql modules/<x>/sql` writes a migration that installs it again
 * (sql-migration.test.ts fails until then).
 */
export interface SqlFilesCarrier {
  /** Path from the repository root → the file's text, in the order they run. */
  sqlFiles?: Readonly<Record<string, string>>;
}

/** The .sql files of a directory (relative to the repository root), in name order, with their text. */
export async function readSqlDir(dir: string): Promise<Record<string, string>> {
  const abs = path.resolve(ROOT_DIR, dir);
  const names = (await readdir(abs)).filter((f) => f.endsWith('.sql')).sort();
  const out: Record<string, string> = {};
  for (const n of names) out[path.relative(ROOT_DIR, path.join(abs, n))] = await readFile(path.join(abs, n), 'utf8');
  return out;
}

/** For each SQL file any migration carries: its text in the newest migration that carries it. */
export function installedSqlFiles(
  migrations: ReadonlyArray<{ name: string; class: unknown }>,
): Map<string, { migration: string; text: string }> {
  const out = new Map<string, { migration: string; text: string }>();
  for (const m of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const [file, text] of Object.entries((m.class as SqlFilesCarrier).sqlFiles ?? {})) out.set(file, { migration: m.name, text });
  }
  return out;
}

const literal = (text: string) => `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;

/** Writes a migration installing these SQL files (create or replace … as they say); answers its name. */
export async function writeSqlMigration(dir: string, files: Record<string, string>, now = new Date()): Promise<string> {
  const name = `Migration${now.toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const source = `import { Migration } from '@mikro-orm/migrations';

/**
 * Installs ${Object.keys(files).join(', ')} as they read when this migration was written
 * (db/sql-migration.ts): the files are the readable current definitions, this copy never changes.
 */
export class ${name} extends Migration {
  static readonly sqlFiles: Readonly<Record<string, string>> = {
${Object.entries(files)
  .map(([f, text]) => `    '${f}': ${literal(text)},`)
  .join('\n')}
  };

  override async up(): Promise<void> {
    for (const sql of Object.values(${name}.sqlFiles)) this.addSql(sql);
  }

  override async down(): Promise<void> {
    // nothing to undo: the migrations before it had left these definitions (it creates or replaces them)
  }
}
`;
  await writeFile(path.join(dir, `${name}.ts`), source);
  return name;
}
