import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD } from './build-info.js';
import { AGENT_DEFAULT_PORT } from './contract.js';
import { DEFAULT_DEMO_DIR } from './demo-pki.js';

export type StoreConfig = { kind: 'pkcs11'; library: string; tokenLabel?: string } | { kind: 'pkcs12'; file: string } | { kind: 'demo' };

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

export const USAGE = `Usage: ${BUILD?.command ?? 'npm run agent --'} [options]
  --config <file>        read settings from an env-style file (KEY=value lines, the AGENT_* names below);
                         repeatable, later files win; the environment and flags win over files
  --pkcs11 <library>     PKCS#11 library of the USB token (AGENT_PKCS11_LIBRARY)
  --token-label <label>  use the token with this label (AGENT_TOKEN_LABEL); default: first token present
  --pfx <file>           use a .pfx/.p12 file instead of a token (AGENT_PFX); its password is the PIN
  --demo                 demo certificate issued by the Patravali Demo CA (AGENT_DEMO=1); default when no token or file is given
  --port <n>             port on 127.0.0.1 (AGENT_PORT, default ${AGENT_DEFAULT_PORT})
  --origin <url>         allowed e-office origin, repeatable or comma-separated (AGENT_ORIGINS)
  --home <dir>           pairings and signature log (AGENT_HOME, default ~/.patravali-agent)
  --idle-timeout <s>     close the PIN session after this many idle seconds (AGENT_IDLE_TIMEOUT_SECONDS, default 600)`;

const FLAGS_WITH_VALUE = new Set(['--config', '--pkcs11', '--token-label', '--pfx', '--port', '--origin', '--home', '--idle-timeout']);

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
  const fromFiles: Record<string, string> = {};
  for (const file of flags.get('--config') ?? []) Object.assign(fromFiles, readConfigFile(file, problems));
  env = { ...fromFiles, ...definedOnly(env) };

  const portText = flag('--port') ?? env.AGENT_PORT ?? String(AGENT_DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`port must be 0..65535, got "${portText}"`);

  const originText =
    flags.get('--origin')?.join(',') ??
    env.AGENT_ORIGINS ??
    'http://127.0.0.1:3000,http://localhost:3000,http://127.0.0.1:5173,http://localhost:5173';
  const origins = originText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!origins.length) problems.push('at least one allowed origin is needed (AGENT_ORIGINS / --origin)');
  for (const o of origins) {
    let ok = false;
    try {
      const u = new URL(o);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o;
    } catch {
      /* reported below */
    }
    if (!ok)
      problems.push(`"${o}" is not an origin like https://eoffice.example.gov.in (scheme, host, optional port; no path or trailing slash)`);
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

  const home = path.resolve(flag('--home') ?? nonEmpty(env.AGENT_HOME) ?? path.join(os.homedir(), '.patravali-agent'));
  return {
    config: {
      port,
      origins,
      store,
      home,
      idleMs: Math.round(idle * 1000),
      pinTries,
      // A packaged agent has no checkout to share a demo CA with: it keeps its own beside its pairings.
      demoDir: path.resolve(nonEmpty(env.AGENT_DEMO_DIR) ?? (BUILD ? path.join(home, 'demo-pki') : DEFAULT_DEMO_DIR)),
    },
    problems,
    help,
  };
}

/** The settings a config file may hold: the environment variables the agent reads. */
export const CONFIG_FILE_KEYS = [
  'AGENT_PKCS11_LIBRARY',
  'AGENT_TOKEN_LABEL',
  'AGENT_PFX',
  'AGENT_DEMO',
  'AGENT_PORT',
  'AGENT_ORIGINS',
  'AGENT_HOME',
  'AGENT_IDLE_TIMEOUT_SECONDS',
  'AGENT_PIN_TRIES',
  'AGENT_DEMO_DIR',
] as const;
const FILE_KEYS = new Set<string>(CONFIG_FILE_KEYS);
const PATH_KEYS = new Set(['AGENT_PKCS11_LIBRARY', 'AGENT_PFX', 'AGENT_HOME', 'AGENT_DEMO_DIR']);

/**
 * An env-style settings file as the packages install it (/etc/patravali-signing-agent/config,
 * %LOCALAPPDATA%\Patravali\SigningAgent\config): `KEY=value` lines, `#` comments, optional
 * quotes around the value, `~/` at the start of a path for the home folder. It is data, never run
 * as shell code; an empty value means "not set", so a commented template changes nothing.
 */
export function readConfigFile(file: string, problems: string[]): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`cannot read config file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [i, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      problems.push(`${file}:${i + 1}: expected KEY=value, got "${line}"`);
      continue;
    }
    const key = m[1]!;
    let value = m[2]!;
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) value = value.slice(1, -1);
    if (!FILE_KEYS.has(key)) {
      problems.push(`${file}:${i + 1}: unknown setting ${key} (known: ${CONFIG_FILE_KEYS.join(', ')})`);
      continue;
    }
    if (!value.trim()) continue;
    if (PATH_KEYS.has(key) && value.startsWith('~/')) value = path.join(os.homedir(), value.slice(2));
    out[key] = value;
  }
  return out;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function nonEmpty(s: string | undefined): string | undefined {
  return s && s.trim() ? s.trim() : undefined;
}
