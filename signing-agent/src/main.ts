/**
 * `npm run agent [-- options]`: the officer's local DSC signing agent. See signing-agent/README.md.
 * No top-level await: the packaged builds bundle this file as CommonJS (Node 20's single-file
 * executables run only CommonJS).
 */
import { loadConfig, USAGE } from './config.js';
import { startAgent } from './server.js';

const { config, problems, help } = loadConfig(process.argv.slice(2), process.env);
if (help) {
  console.log(USAGE);
  process.exit(0);
}
if (problems.length) {
  console.error('The signing agent cannot start / हस्ताक्षर एजेंट शुरू नहीं हो सका:');
  for (const p of problems) console.error(`  - ${p}`);
  console.error(`\n${USAGE}`);
  process.exit(2);
}

startAgent(config).then(
  (agent) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`Stopping (${signal}) / बंद हो रहा है`);
      void agent.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  },
  (e: unknown) => {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      console.error(
        `Port ${config.port} is in use: is the signing agent already running? / पोर्ट ${config.port} पहले से उपयोग में है: क्या हस्ताक्षर एजेंट पहले से चल रहा है?`,
      );
    } else {
      console.error(`The signing agent cannot start / हस्ताक्षर एजेंट शुरू नहीं हो सका: ${err.message}`);
    }
    process.exit(1);
  },
);
