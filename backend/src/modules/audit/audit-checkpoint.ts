import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, link, mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { calculateJwkThumbprint, CompactSign, compactVerify, decodeProtectedHeader, type JWK } from 'jose';
import { z } from 'zod';
import { AUDIT_CHECKPOINTS, objectKeys, ObjectExistsError, type ObjectStore } from '@patravali/storage';
import type { Env } from '../../config/env.js';
import type { Logger } from '../../shared/logger.js';

/**
 * Signed checkpoints of the audit chain's head, kept outside the database: a compact JWS (EdDSA,
 * Ed25519) of {chain number, hash, time} written to object storage under a write-once key. Whoever
 * can rewrite the database (even re-hashing every later row) cannot make its chain agree with a
 * checkpoint already written, and cannot sign a new one without the key, which is not in the database.
 */

/** Held while a checkpoint is written (one writer at a time across processes). */
const AUDIT_CHECKPOINT_LOCK = 7331003;

export interface CheckpointKey {
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

const checkpointPayloadSchema = z.strictObject({
  v: z.literal(1),
  iss: z.literal('patravali'),
  chainNo: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
});
export type CheckpointPayload = z.infer<typeof checkpointPayloadSchema>;

export function checkpointKeyFile(env: Pick<Env, 'DATA_DIR' | 'AUDIT_CHECKPOINT_KEY_FILE'>): string {
  return env.AUDIT_CHECKPOINT_KEY_FILE ?? path.join(env.DATA_DIR, 'keys', 'audit-checkpoint.pem');
}

/** Files or folders whose public keys audit:verify trusts, besides the key file's own public key. */
function trustedKeyPaths(env: Pick<Env, 'DATA_DIR' | 'AUDIT_CHECKPOINT_TRUSTED_KEYS'>): string[] {
  return env.AUDIT_CHECKPOINT_TRUSTED_KEYS
    ? env.AUDIT_CHECKPOINT_TRUSTED_KEYS.split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : [path.join(env.DATA_DIR, 'keys', 'audit-checkpoint-trusted')];
}

const publicJwkOf = async (publicKey: KeyObject): Promise<{ kid: string; jwk: JWK }> => {
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, jwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } };
};

/** Writes a file only if the name is free (never replaces one), atomically: readers see all of it or nothing. */
async function writeOnceFile(file: string, content: string, mode: number): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, content, { mode, flag: 'wx' });
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * The key that signs checkpoints: read from its file, or made there on first start (mode 0600; an
 * existing file is never replaced, also when several processes start at once). Its public JWK goes
 * into the default trusted folder, so audit:verify on this machine checks its checkpoints.
 */
export async function loadOrCreateCheckpointKey(
  env: Pick<Env, 'DATA_DIR' | 'AUDIT_CHECKPOINT_KEY_FILE' | 'AUDIT_CHECKPOINT_TRUSTED_KEYS'>,
  log?: Logger,
): Promise<CheckpointKey> {
  const file = checkpointKeyFile(env);
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    if (await writeOnceFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 0o600))
      log?.info({ file }, 'made the audit checkpoint signing key (first start)');
    pem = await readFile(file, 'utf8');
  }
  const mode = (await stat(file)).mode & 0o777;
  if (mode & 0o077) {
    log?.warn({ file, mode: mode.toString(8) }, 'the audit checkpoint key was readable by others; made it 0600');
    await chmod(file, 0o600);
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`${file}: the audit checkpoint key must be an Ed25519 private key (PKCS#8 PEM)`);
  const { kid, jwk } = await publicJwkOf(createPublicKey(privateKey));
  if (!env.AUDIT_CHECKPOINT_TRUSTED_KEYS) {
    const dir = trustedKeyPaths(env)[0]!;
    await mkdir(dir, { recursive: true });
    await writeOnceFile(path.join(dir, `${kid}.jwk`), `${JSON.stringify(jwk)}\n`, 0o644);
  }
  return { kid, privateKey, publicJwk: jwk };
}

/** Public keys audit:verify trusts, by kid (computed from each key, never taken from a file's word). */
export async function loadTrustedCheckpointKeys(
  env: Pick<Env, 'DATA_DIR' | 'AUDIT_CHECKPOINT_KEY_FILE' | 'AUDIT_CHECKPOINT_TRUSTED_KEYS'>,
): Promise<Map<string, KeyObject>> {
  const keys = new Map<string, KeyObject>();
  const add = async (publicKey: KeyObject) => {
    if (publicKey.asymmetricKeyType !== 'ed25519') return;
    keys.set((await publicJwkOf(publicKey)).kid, publicKey);
  };
  try {
    await add(createPublicKey(createPrivateKey(await readFile(checkpointKeyFile(env), 'utf8'))));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const readKeyFile = async (file: string) => {
    const text = await readFile(file, 'utf8');
    if (file.endsWith('.jwk') || file.endsWith('.json')) {
      const { kty, crv, x } = JSON.parse(text) as JWK;
      await add(createPublicKey({ key: { kty: kty!, crv: crv!, x: x! }, format: 'jwk' }));
    } else if (file.endsWith('.pem')) await add(createPublicKey(text));
  };
  for (const p of trustedKeyPaths(env)) {
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if (st.isDirectory()) for (const f of (await readdir(p)).sort()) await readKeyFile(path.join(p, f));
    else await readKeyFile(p);
  }
  return keys;
}

export async function signCheckpoint(key: CheckpointKey, payload: CheckpointPayload): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'audit-checkpoint' })
    .sign(key.privateKey);
}

const published = new WeakMap<ObjectStore, Set<string>>();

export interface WrittenCheckpoint {
  key: string;
  chainNo: number;
  hash: string;
  at: string;
}

/**
 * Writes a checkpoint of the chain's head as it is now (nothing when the chain is empty). One writer
 * at a time across processes (an advisory lock held while it writes). The object's key is new every
 * time (chain position and time) and is written once: an existing object is never replaced.
 */
export async function writeAuditCheckpoint(
  pool: pg.Pool,
  store: ObjectStore,
  key: CheckpointKey,
  log?: Logger,
): Promise<WrittenCheckpoint | null> {
  let keys = published.get(store);
  if (!keys) published.set(store, (keys = new Set()));
  if (!keys.has(key.kid)) {
    // for auditors who want to find it; audit:verify trusts only its own copies of public keys
    await store
      .putNew(objectKeys.auditCheckpointKey(key.kid), Buffer.from(`${JSON.stringify(key.publicJwk)}\n`), 'application/jwk+json')
      .catch((err) => {
        if (!(err instanceof ObjectExistsError)) throw err;
      });
    keys.add(key.kid);
  }
  const c = await pool.connect();
  let open = false;
  try {
    await c.query('begin');
    open = true;
    await c.query("set local lock_timeout = '10s'");
    await c.query('select pg_advisory_xact_lock($1)', [AUDIT_CHECKPOINT_LOCK]);
    const {
      rows: [head],
    } = await c.query(
      'select chain_no, hash, to_char(clock_timestamp() at time zone \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\') as now from audit_event where chain_no is not null order by chain_no desc limit 1',
    );
    if (!head) return null;
    const payload: CheckpointPayload = { v: 1, iss: 'patravali', chainNo: Number(head.chain_no), hash: head.hash, at: head.now };
    const objectKey = objectKeys.auditCheckpoint(payload.chainNo, new Date(payload.at));
    await store.putNew(objectKey, Buffer.from(await signCheckpoint(key, payload)), 'application/jose');
    await c.query('commit');
    open = false;
    log?.info({ key: objectKey, chainNo: payload.chainNo }, 'audit checkpoint written');
    return { key: objectKey, chainNo: payload.chainNo, hash: payload.hash, at: payload.at };
  } finally {
    if (open) await c.query('rollback').catch(() => undefined);
    c.release();
  }
}

export interface CheckpointProblem {
  /** The object's key in storage. */
  key: string;
  reason: 'unknown-key' | 'bad-signature' | 'malformed' | 'misnamed' | 'hash-mismatch' | 'missing-entry';
  chainNo?: number;
  at?: string;
  /** The hash the checkpoint signed. */
  expected?: string;
  /** The hash the database has at that chain position (null: no such entry). */
  found?: string | null;
  detail: string;
}

export interface CheckpointReport {
  /** Checkpoints found in storage. */
  total: number;
  /** Signed by a trusted key, well-formed, and the chain agrees. */
  matched: number;
  latest: { key: string; chainNo: number; at: string } | null;
  problems: CheckpointProblem[];
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/**
 * Checks every checkpoint in storage: its signature against the trusted public keys, its name against
 * its content, and the chain against it — the entry at its chain position must have the hash it signed.
 * A chain rewritten and re-hashed from some position on disagrees with every checkpoint at or after it.
 */
export async function verifyAuditCheckpoints(
  pool: pg.Pool,
  store: ObjectStore,
  trusted: Map<string, KeyObject>,
): Promise<CheckpointReport> {
  const keys = (await store.list(AUDIT_CHECKPOINTS)).filter((k) => k.endsWith('.jws'));
  const problems: CheckpointProblem[] = [];
  const good: Array<{ key: string; payload: CheckpointPayload }> = [];
  await mapLimit(keys, 8, async (key) => {
    const jws = (await store.getBuffer(key)).toString('utf8').trim();
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(jws).kid;
    } catch {
      problems.push({ key, reason: 'malformed', detail: 'not a compact JWS' });
      return;
    }
    const publicKey = kid ? trusted.get(kid) : undefined;
    if (!publicKey) {
      problems.push({
        key,
        reason: 'unknown-key',
        detail: `signed with key ${kid ?? '(none)'}, which is not among the ${trusted.size} trusted checkpoint key(s)`,
      });
      return;
    }
    let raw: Uint8Array;
    try {
      raw = (await compactVerify(jws, publicKey, { algorithms: ['EdDSA'] })).payload;
    } catch {
      problems.push({ key, reason: 'bad-signature', detail: `the signature does not verify with key ${kid}` });
      return;
    }
    let payload: CheckpointPayload;
    try {
      payload = checkpointPayloadSchema.parse(JSON.parse(new TextDecoder().decode(raw)));
    } catch {
      problems.push({ key, reason: 'malformed', detail: 'signed, but its content is not a checkpoint' });
      return;
    }
    if (objectKeys.auditCheckpoint(payload.chainNo, new Date(payload.at)) !== key) {
      problems.push({
        key,
        reason: 'misnamed',
        chainNo: payload.chainNo,
        at: payload.at,
        detail: `signed for chain position ${payload.chainNo} at ${payload.at}, but stored under another name`,
      });
      return;
    }
    good.push({ key, payload });
  });
  const found = new Map<number, string>();
  const nos = [...new Set(good.map((g) => g.payload.chainNo))];
  for (let i = 0; i < nos.length; i += 5000) {
    const { rows } = await pool.query('select chain_no, hash from audit_event where chain_no = any($1::bigint[])', [
      nos.slice(i, i + 5000),
    ]);
    for (const r of rows) found.set(Number(r.chain_no), r.hash);
  }
  let matched = 0;
  let latest: CheckpointReport['latest'] = null;
  for (const { key, payload } of good.sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const hash = found.get(payload.chainNo);
    if (hash === undefined) {
      problems.push({
        key,
        reason: 'missing-entry',
        chainNo: payload.chainNo,
        at: payload.at,
        expected: payload.hash,
        found: null,
        detail: `the chain has no entry at position ${payload.chainNo}`,
      });
    } else if (hash !== payload.hash) {
      problems.push({
        key,
        reason: 'hash-mismatch',
        chainNo: payload.chainNo,
        at: payload.at,
        expected: payload.hash,
        found: hash,
        detail: `chain position ${payload.chainNo} has another hash than the checkpoint signed`,
      });
    } else {
      matched++;
      latest = { key, chainNo: payload.chainNo, at: payload.at };
    }
  }
  problems.sort((a, b) => (a.chainNo ?? Infinity) - (b.chainNo ?? Infinity) || (a.key < b.key ? -1 : 1));
  return { total: keys.length, matched, latest, problems };
}

/** pg-boss cron (UTC) for "every N minutes" (1–60); with N not dividing 60 the gaps are at most N. */
export function checkpointCron(minutes: number): string {
  return minutes >= 60 ? '0 * * * *' : `*/${minutes} * * * *`;
}
