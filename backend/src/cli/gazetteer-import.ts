/**
 * npm run gazetteer:import -- FILE.csv [--lang hi|en]
 * Validates every line first; imports nothing if any line is bad, listing each with its line and column.
 * Areas are matched by code: importing the same file again changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../shared/logger.js';
import { startSystem } from '../system.js';
import { systemActor } from '../shared/actor.js';
import { AppError } from '../shared/app-error.js';
import { t } from '../shared/i18n.js';
import { importGazetteer } from '../modules/gazetteer/index.js';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--lang');
if (!file) {
  console.error('usage: npm run gazetteer:import -- FILE.csv [--lang hi|en]');
  process.exit(2);
}
const langIndex = args.indexOf('--lang');
const locale = (langIndex >= 0 ? args[langIndex + 1] : 'en') === 'hi' ? 'hi' : 'en';
const env = loadEnv(process.env, { ROLE: 'worker', DEMO_SEED: 'false' });
// safe beside a running system: it attaches to its embedded database and storage, serves nothing and works no jobs
const system = await startSystem(env, createLogger(env.LOG_LEVEL), { tool: true });
let exitCode = 0;
try {
  const report = await importGazetteer({ actor: systemActor(locale), em: system.deps.orm.em.fork(), deps: system.deps }, { csv: await readFile(file, 'utf8') });
  console.log(`Imported: ${Object.entries(report.counts).map(([k, n]) => `${n} ${k}`).join(', ')}; ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`);
} catch (e) {
  if (!(e instanceof AppError) || e.code !== 'IMPORT_REJECTED') throw e;
  console.error(t(locale, 'errors.IMPORT_REJECTED', e.params));
  for (const p of (e.details?.problems ?? []) as Array<{ message: string }>) console.error(`  ${p.message}`);
  exitCode = 1;
} finally {
  await system.stop();
}
process.exit(exitCode);
