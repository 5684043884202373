import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

function configFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-config-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('defaults to demo mode on port 17365 for the local e-office', () => {
    const { config, problems } = loadConfig([], { HOME: '/home/officer' });
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      port: 17365,
      store: { kind: 'demo' },
      idleMs: 600_000,
      pinTries: 3,
      origins: ['http://127.0.0.1:3000', 'http://localhost:3000', 'http://127.0.0.1:5173', 'http://localhost:5173'],
    });
  });

  it('lets flags win over the environment', () => {
    const { config, problems } = loadConfig(
      [
        '--port',
        '18000',
        '--origin',
        'https://a.gov.in',
        '--origin=https://b.gov.in',
        '--idle-timeout',
        '1.5',
        '--pfx',
        import.meta.filename,
      ],
      {
        AGENT_PORT: '17000',
        AGENT_ORIGINS: 'https://c.gov.in',
      },
    );
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      port: 18000,
      origins: ['https://a.gov.in', 'https://b.gov.in'],
      idleMs: 1500,
      store: { kind: 'pkcs12', file: import.meta.filename },
    });
  });

  it('--demo wins over a configured token', () => {
    const { config } = loadConfig(['--demo'], { AGENT_PKCS11_LIBRARY: '/nonexistent.so' });
    expect(config.store).toEqual({ kind: 'demo' });
  });

  it('lists every problem at once', () => {
    const { problems } = loadConfig(
      ['--port', '99999', '--origin', 'https://eoffice.gov.in/', '--bogus', '--pkcs11', '/nonexistent.so', '--pfx', '/nonexistent.pfx'],
      { AGENT_IDLE_TIMEOUT_SECONDS: '0' },
    );
    expect(problems).toHaveLength(5);
    for (const fragment of [
      'unknown argument --bogus',
      'port must be 0..65535',
      '"https://eoffice.gov.in/" is not an origin',
      'idle timeout',
      'either a PKCS#11 library or a .pfx file',
    ]) {
      expect(problems.filter((p) => p.includes(fragment))).toHaveLength(1);
    }
  });

  it('reads env-style config files: later files win, then the environment, then flags', () => {
    const system = configFile(
      [
        '# the packaged template: empty values change nothing',
        'AGENT_PKCS11_LIBRARY=',
        'AGENT_ORIGINS="https://eoffice.district.gov.in"',
        "AGENT_PORT='17400'",
        'AGENT_IDLE_TIMEOUT_SECONDS = 300',
        '',
      ].join('\r\n'),
    );
    const user = configFile(`export AGENT_PFX=${import.meta.filename}\nAGENT_HOME=~/agent-home\nAGENT_PORT=17500\n`);
    const { config, problems } = loadConfig(['--config', system, '--config', user, '--idle-timeout', '60'], { AGENT_PORT: '17600' });
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      origins: ['https://eoffice.district.gov.in'],
      port: 17600,
      idleMs: 60_000,
      store: { kind: 'pkcs12', file: import.meta.filename },
      home: path.join(os.homedir(), 'agent-home'),
    });
  });

  it('reports unreadable files, unknown settings and malformed lines', () => {
    const bad = configFile('AGENT_PORT=1\nPATH=/tmp\njust words\n');
    const { problems } = loadConfig(['--config', bad, '--config', '/nonexistent/config'], {});
    expect(problems).toEqual([
      expect.stringContaining(':2: unknown setting PATH'),
      expect.stringContaining(':3: expected KEY=value'),
      expect.stringContaining('cannot read config file /nonexistent/config: ENOENT'),
    ]);
  });
});
