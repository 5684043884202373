/**
 * npm run org:import -- FILE.csv [--password INITIAL]
 * Validates every line first; imports nothing if any line is bad, listing each with its number.
 */
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../shared/logger.js';
import { startSystem } from '../system.js';
import { systemActor } from '../shared/actor.js';
import { importOrg } from '../modules/org/index.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const pwIndex = args.indexOf('--password');
if (!file) {
  console.error('usage: npm run org:import -- FILE.csv [--password INITIAL_PASSWORD] [--lang hi|en]');
  process.exit(2);
}
const langIndex = args.indexOf('--lang');
const locale = (langIndex >= 0 ? args[langIndex + 1] : 'en') === 'hi' ? 'hi' : 'en';
const env = loadEnv(process.env, { ROLE: 'worker', DEMO_SEED: 'false' });
// safe beside a running system: it attaches to its embedded database and storage, serves nothing and works no jobs
const system = await startSystem(env, createLogger(env.LOG_LEVEL), { tool: true });
let exitCode = 0;
try {
  const password = pwIndex >= 0 ? args[pwIndex + 1]! : randomBytes(9).toString('base64url');
  const report = await importOrg({ actor: systemActor(locale), em: system.deps.orm.em.fork(), deps: system.deps }, { csv: await readFile(file, 'utf8'), defaultPassword: password });
  if (!report.ok) {
    console.error(`Nothing was imported. ${report.errors.length} problem(s):`);
    for (const e of report.errors) console.error(`  ${e.message}`);
    exitCode = 1;
  } else {
    console.log(`Imported: ${Object.entries(report.counts).map(([k, n]) => `${n} ${k}(s)`).join(', ')}.`);
    if (report.counts.user && pwIndex < 0) console.log(`New users' initial password: ${password} (ask them to change it).`);
  }
} finally {
  await system.stop();
}
process.exit(exitCode);
