import { loadEnv } from '../config/env.js';
import { createLogger } from '../shared/logger.js';
import { startSystem } from '../system.js';
import { systemActor } from '../shared/actor.js';
import type { Locale } from '../shared/i18n.js';
import type { Scope } from '../shared/scope.js';

/** The command line's arguments: the first that is not an option or an option's value, and `--name value` options. */
export function toolArgs(valueOptions: readonly string[]) {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && !valueOptions.includes(args[i - 1] ?? ''));
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const locale: Locale = option('--lang') === 'hi' ? 'hi' : 'en';
  return { file, option, locale };
}

/**
 * Runs a command-line tool's work as the system: safe beside a running system (it attaches to its
 * embedded database and storage, serves nothing and works no jobs), stopped afterwards; exits with the
 * code the work answers.
 */
export async function runTool(locale: Locale, work: (scope: Scope) => Promise<number>): Promise<never> {
  const env = loadEnv(process.env, { ROLE: 'worker', DEMO_SEED: 'false' });
  const system = await startSystem(env, createLogger(env.LOG_LEVEL), { tool: true });
  let exitCode = 1;
  try {
    exitCode = await work({ actor: systemActor(locale), em: system.deps.orm.em.fork(), deps: system.deps });
  } finally {
    await system.stop();
  }
  process.exit(exitCode);
}
