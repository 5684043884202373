import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENT_DEFAULT_PORT } from './contract.js';
import { DEFAULT_DEMO_DIR } from './demo-pki.js';

export type StoreConfig =
  | { kind: 'pkcs11'; library: string; tokenLabel?: string }
  | { kind: 'pkcs12'; file: string }
  | { kind: 'demo' };

export interface AgentConfig {
  /** 0 = any free port (tests) */
  port: number;
  origins: string[];
  store: StoreConfig;
  home: string;
  idleMs: number;
  pinTries: number;
  demoDir: string;
}

export const USAGE = `Usage: npm run agent -- [options]
  --pkcs11 <library>     PKCS#11 library of the USB token (AGENT_PKCS11_LIBRARY)
  --token-label <label>  use the token with this label (AGENT_TOKEN_LABEL); default: first token present
  --pfx <file>           use a .pfx/.p12 file instead of a token (AGENT_PFX); its password is the PIN
  --demo                 demo certificate issued by the Patravali Demo CA (AGENT_DEMO=1); default when no token or file is given
  --port <n>             port on 127.0.0.1 (AGENT_PORT, default ${AGENT_DEFAULT_PORT})
  --origin <url>         allowed e-office origin, repeatable or comma-separated (AGENT_ORIGINS)
  --home <dir>           pairings and signature log (AGENT_HOME, default ~/.patravali-agent)
  --idle-timeout <s>     close the PIN session after this many idle seconds (AGENT_IDLE_TIMEOUT_SECONDS, default 600)`;

const FLAGS_WITH_VALUE = new Set(['--pkcs11', '--token-label', '--pfx', '--port', '--origin', '--home', '--idle-timeout']);

/** Reads flags (which win) and environment; returns every problem found rather than the first. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): { config: AgentConfig; problems: string[]; help: boolean } {
  const problems: string[] = [];
  const flags = new Map<string, string[]>();
  let demoFlag = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--demo') demoFlag = true;
    else if (name === '--help' || name === '-h') help = true;
    else if (FLAGS_WITH_VALUE.has(name)) {
      const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) problems.push(`${name} needs a value`);
      else flags.set(name, [...(flags.get(name) ?? []), value]);
    } else problems.push(`unknown argument ${arg}`);
  }
  const flag = (name: string) => flags.get(name)?.at(-1);

  const portText = flag('--port') ?? env.AGENT_PORT ?? String(AGENT_DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`port must be 0..65535, got "${portText}"`);

  const originText = flags.get('--origin')?.join(',') ?? env.AGENT_ORIGINS ?? 'http://127.0.0.1:3000,http://localhost:3000,http://127.0.0.1:5173,http://localhost:5173';
  const origins = originText.split(',').map((s) => s.trim()).filter(Boolean);
  if (!origins.length) problems.push('at least one allowed origin is needed (AGENT_ORIGINS / --origin)');
  for (const o of origins) {
    let ok = false;
    try {
      const u = new URL(o);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o;
    } catch { /* reported below */ }
    if (!ok) problems.push(`"${o}" is not an origin like https://eoffice.example.gov.in (scheme, host, optional port; no path or trailing slash)`);
  }

  const idleText = flag('--idle-timeout') ?? env.AGENT_IDLE_TIMEOUT_SECONDS ?? '600';
  const idle = Number(idleText);
  if (!(idle > 0) || idle > 86_400) problems.push(`idle timeout must be 0 < seconds <= 86400, got "${idleText}"`);

  const triesText = env.AGENT_PIN_TRIES ?? '3';
  const pinTries = Number(triesText);
  if (!Number.isInteger(pinTries) || pinTries < 1 || pinTries > 10) problems.push(`AGENT_PIN_TRIES must be 1..10, got "${triesText}"`);

  const library = flag('--pkcs11') ?? nonEmpty(env.AGENT_PKCS11_LIBRARY);
  const pfx = flag('--pfx') ?? nonEmpty(env.AGENT_PFX);
  const tokenLabel = flag('--token-label') ?? nonEmpty(env.AGENT_TOKEN_LABEL);
  const demo = demoFlag || env.AGENT_DEMO === '1' || env.AGENT_DEMO === 'true';
  let store: StoreConfig = { kind: 'demo' };
  if (!demo) {
    if (library && pfx) problems.push('give either a PKCS#11 library or a .pfx file, not both');
    else if (library) {
      if (!fs.existsSync(library)) problems.push(`PKCS#11 library not found: ${library}`);
      store = { kind: 'pkcs11', library: path.resolve(library), ...(tokenLabel ? { tokenLabel } : {}) };
    } else if (pfx) {
      if (!fs.existsSync(pfx)) problems.push(`.pfx file not found: ${pfx}`);
      store = { kind: 'pkcs12', file: path.resolve(pfx) };
    }
  }

  return {
    config: {
      port,
      origins,
      store,
      home: path.resolve(flag('--home') ?? nonEmpty(env.AGENT_HOME) ?? path.join(os.homedir(), '.patravali-agent')),
      idleMs: Math.round(idle * 1000),
      pinTries,
      demoDir: path.resolve(nonEmpty(env.AGENT_DEMO_DIR) ?? DEFAULT_DEMO_DIR),
    },
    problems,
    help,
  };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s && s.trim() ? s.trim() : undefined;
}
