/**
 * npm run org:import -- FILE.csv [--password INITIAL] [--lang hi|en]
 * Validates every line first; imports nothing if any line is bad, listing each with its number.
 */
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { importOrg } from '../modules/org/index.js';
import { runTool, toolArgs } from './tool.js';

const { file, option, locale } = toolArgs(['--password', '--lang']);
if (!file) {
  console.error('usage: npm run org:import -- FILE.csv [--password INITIAL_PASSWORD] [--lang hi|en]');
  process.exit(2);
}
await runTool(locale, async (scope) => {
  const given = option('--password');
  const password = given ?? randomBytes(9).toString('base64url');
  const report = await importOrg(scope, { csv: await readFile(file, 'utf8'), defaultPassword: password });
  if (!report.ok) {
    console.error(`Nothing was imported. ${report.errors.length} problem(s):`);
    for (const e of report.errors) console.error(`  ${e.message}`);
    return 1;
  }
  console.log(
    `Imported: ${Object.entries(report.counts)
      .map(([k, n]) => `${n} ${k}(s)`)
      .join(', ')}.`,
  );
  if (report.counts.user && !given) console.log(`New users' initial password: ${password} (ask them to change it).`);
  return 0;
});
