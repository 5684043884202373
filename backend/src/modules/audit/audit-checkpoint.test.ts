import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compactVerify } from 'jose';
import {
  checkpointCron,
  checkpointKeyFile,
  loadOrCreateCheckpointKey,
  loadTrustedCheckpointKeys,
  signCheckpoint,
} from './audit-checkpoint.js';

describe('audit checkpoint key and signature', () => {
  it('makes the key once (0600), never replaces it, trusts its public half, and signs a compact EdDSA JWS', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cpkey-'));
    try {
      const env = { DATA_DIR: dir, AUDIT_CHECKPOINT_KEY_FILE: undefined, AUDIT_CHECKPOINT_TRUSTED_KEYS: undefined };
      const [a, b] = await Promise.all([loadOrCreateCheckpointKey(env), loadOrCreateCheckpointKey(env)]);
      expect(a.kid).toBe(b.kid);
      const file = checkpointKeyFile(env);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const pem = await readFile(file, 'utf8');
      expect((await loadOrCreateCheckpointKey(env)).kid).toBe(a.kid);
      expect(await readFile(file, 'utf8')).toBe(pem);

      const trusted = await loadTrustedCheckpointKeys(env);
      expect([...trusted.keys()]).toEqual([a.kid]);
      const payload = { v: 1 as const, iss: 'patravali' as const, chainNo: 7, hash: 'a'.repeat(64), at: '2026-12-06T04:00:00.000Z' };
      const jws = await signCheckpoint(a, payload);
      expect(jws.split('.')).toHaveLength(3);
      const { payload: raw, protectedHeader } = await compactVerify(jws, trusted.get(a.kid)!);
      expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: a.kid });
      expect(JSON.parse(new TextDecoder().decode(raw))).toEqual(payload);

      // a rotated-out key stays trusted through its public JWK; a key file that is not Ed25519 is refused
      const other = path.join(dir, 'other.pem');
      await writeFile(other, 'not a key');
      await expect(loadOrCreateCheckpointKey({ ...env, AUDIT_CHECKPOINT_KEY_FILE: other })).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is scheduled at least hourly', () => {
    expect(checkpointCron(60)).toBe('0 * * * *');
    expect(checkpointCron(15)).toBe('*/15 * * * *');
  });
});
