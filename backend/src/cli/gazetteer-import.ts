/**
 * npm run gazetteer:import -- FILE.csv [--lang hi|en]
 * Validates every line first; imports nothing if any line is bad, listing each with its line and column.
 * Areas are matched by code: importing the same file again changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../shared/app-error.js';
import { t } from '../shared/i18n.js';
import { importGazetteer } from '../modules/gazetteer/index.js';
import { runTool, toolArgs } from './tool.js';

const { file, locale } = toolArgs(['--lang']);
if (!file) {
  console.error('usage: npm run gazetteer:import -- FILE.csv [--lang hi|en]');
  process.exit(2);
}
await runTool(locale, async (scope) => {
  try {
    const report = await importGazetteer(scope, { csv: await readFile(file, 'utf8') });
    console.log(
      `Imported: ${Object.entries(report.counts)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}; ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'IMPORT_REJECTED') throw e;
    console.error(t(locale, 'errors.IMPORT_REJECTED', e.params));
    for (const p of (e.details?.problems ?? []) as Array<{ message: string }>) console.error(`  ${p.message}`);
    return 1;
  }
});
