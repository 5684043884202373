import { ConfigError, loadEnv } from './config/env.js';
import { createLogger } from './shared/logger.js';
import { startSystem } from './system.js';
import { isStorageUnavailable } from '@patravali/storage';
import { isDatabaseUnavailable } from './infra/database-faults.js';

/** Entry point: `ROLE=both|api|worker`. Reads config, starts the roles, stops cleanly on Ctrl-C. */
async function main(roleOverride?: string) {
  let env;
  try {
    env = loadEnv(process.env, roleOverride ? { ROLE: roleOverride } : {});
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(env.LOG_LEVEL);
  let system: Awaited<ReturnType<typeof startSystem>>;
  try {
    system = await startSystem(env, log);
  } catch (err) {
    log.fatal({ err }, 'Patravali could not start');
    console.error(`\nPatravali could not start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const timer = setTimeout(() => process.exit(1), 20_000);
    await system.stop();
    clearTimeout(timer);
    process.exit(0);
  };
  // A dependency that fails (PostgreSQL restarting, storage away) must never end the process: every
  // pool and client has its error listener (infra/database-faults.ts), and what still slips through
  // as an unhandled error from a dependency is logged and survived. Anything else is a bug: outside
  // shutdown it is fatal, as by default; while stopping it is logged and stopping goes on.
  const dependencyFault = (err: unknown) => isDatabaseUnavailable(err) || isStorageUnavailable(err);
  process.on('unhandledRejection', (err) => {
    if (stopping || dependencyFault(err))
      return log.warn({ err }, stopping ? 'error while stopping (ignored)' : 'a dependency failed (survived)');
    log.fatal({ err }, 'unhandled rejection');
    process.exit(1);
  });
  process.on('uncaughtException', (err) => {
    if (stopping || dependencyFault(err))
      return log.warn({ err }, stopping ? 'error while stopping (ignored)' : 'a dependency failed (survived)');
    log.fatal({ err }, 'uncaught error');
    process.exit(1);
  });
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const lines = [`\n  Patravali (पत्रावली) is running — role: ${env.ROLE}`];
  if (system.url) lines.push(`  Open ${system.url}`);
  if (env.DEMO_SEED && system.url) {
    lines.push(`  Demo logins (password "${env.DEMO_PASSWORD === 'patravali-demo' ? 'patravali-demo' : '<DEMO_PASSWORD>'}"):`);
    lines.push('    admin (administrator)   dak.sp (dak clerk, SP office)   reader.sp (Reader to SP)');
    lines.push('    sp (Superintendent of Police)   co.city (Circle Officer, City)   sho.kotwali (SHO Kotwali)');
    lines.push('    …and one user per post: see README.');
  }
  lines.push('  Ctrl-C stops everything it started.\n');
  console.log(lines.join('\n'));
}

await main(process.argv[2]);
