/**
 * Builds the web app only when its sources changed since the last build: `npm start` and `npm test`
 * call this instead of rebuilding every time (~45 s). The sources' fingerprint (every file under
 * frontend/ but dist and node_modules, the signing agent's contract the web app imports, and the
 * lock file) is kept in frontend/dist/.sources-sha256. `--force` always builds.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'frontend', 'dist', '.sources-sha256');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      if (name === 'node_modules' || name === 'dist') return [];
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : [full];
    });
}

const hash = createHash('sha256');
for (const file of [
  ...files(path.join(root, 'frontend')),
  path.join(root, 'signing-agent', 'src', 'contract.ts'),
  // the checkpoint app verifies passes offline with the backend's own pass rule
  path.join(root, 'backend', 'src', 'modules', 'passes', 'pass-token.ts'),
  path.join(root, 'package-lock.json'),
]) {
  if (!existsSync(file)) continue;
  hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
}
const fingerprint = hash.digest('hex');

if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === fingerprint) {
  console.log('The web app is up to date (its sources have not changed since the last build).');
  process.exit(0);
}
const build = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
writeFileSync(stamp, `${fingerprint}\n`);
