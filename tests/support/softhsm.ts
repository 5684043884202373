import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Issued } from '@patravali/signing-agent/pki';

const run = promisify(execFile);

export const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmEntry {
  /** CKA_ID in hex, shared by the private key and its certificate. */
  id: string;
  leaf: Issued;
  /** CA certificates to store on the token too (no keys). */
  chain?: Issued[];
  /** CKA_ALWAYS_AUTHENTICATE: the token wants the PIN again for every signature (some nonRepudiation keys). */
  alwaysAuth?: boolean;
}

export interface SoftHsmToken {
  env: { SOFTHSM2_CONF: string };
  library: string;
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A SoftHSM token standing in for an officer's USB DSC token: initialised in its own temporary
 * directory, with each entry's private key and certificate written under one CKA_ID, as the
 * token vendors' tools do.
 */
export async function createSoftHsmToken(o: {
  label: string;
  pin: string;
  soPin: string;
  entries: SoftHsmEntry[];
  parentDir?: string;
}): Promise<SoftHsmToken> {
  const dir = await mkdtemp(path.join(o.parentDir ?? os.tmpdir(), 'softhsm-'));
  const tokens = path.join(dir, 'tokens');
  await mkdir(tokens);
  const conf = path.join(dir, 'softhsm2.conf');
  await writeFile(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const env = { SOFTHSM2_CONF: conf };
  const exec = (cmd: string, args: string[]) => run(cmd, args, { env: { ...process.env, ...env }, timeout: 30_000 });

  await exec('softhsm2-util', ['--init-token', '--free', '--label', o.label, '--pin', o.pin, '--so-pin', o.soPin]);
  const tool = (args: string[]) =>
    exec('pkcs11-tool', ['--module', SOFTHSM_LIBRARY, '--token-label', o.label, '--login', '--pin', o.pin, ...args]);
  const written = new Set<string>();
  for (const [i, entry] of o.entries.entries()) {
    const cn = new crypto.X509Certificate(entry.leaf.certDer).subject.match(/^CN=(.*)$/m)?.[1] ?? `key ${i}`;
    const keyFile = path.join(dir, `key-${i}.der`);
    const certFile = path.join(dir, `cert-${i}.der`);
    await writeFile(keyFile, crypto.createPrivateKey(entry.leaf.keyPem).export({ type: 'pkcs8', format: 'der' }), { mode: 0o600 });
    await writeFile(certFile, entry.leaf.certDer);
    await tool([
      '--write-object',
      keyFile,
      '--type',
      'privkey',
      '--id',
      entry.id,
      '--label',
      cn,
      '--usage-sign',
      ...(entry.alwaysAuth ? ['--always-auth'] : []),
    ]);
    await tool(['--write-object', certFile, '--type', 'cert', '--id', entry.id, '--label', cn]);
    await rm(keyFile);
    for (const [j, ca] of (entry.chain ?? []).entries()) {
      if (written.has(ca.serialHex)) continue;
      written.add(ca.serialHex);
      const caFile = path.join(dir, `ca-${i}-${j}.der`);
      await writeFile(caFile, ca.certDer);
      // CA certificates get an id of their own that matches no key, as on real tokens.
      await tool([
        '--write-object',
        caFile,
        '--type',
        'cert',
        '--id',
        `ca${ca.serialHex.slice(0, 8)}`,
        '--label',
        `CA ${ca.serialHex.slice(0, 8)}`,
      ]);
    }
  }
  return { env, library: SOFTHSM_LIBRARY, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
