import type { EntityManager } from '@mikro-orm/postgresql';
import { loadSigningKey, newSigningKey, type SigningKey } from './crypto/qr-token.js';

/** Per ORM (one database), so tests running several systems in one process keep them apart. */
const cache = new WeakMap<object, SigningKey>();

/**
 * The key that signs QR tokens: made on first use (one per installation) and kept in the
 * database. Runs outside the caller's transaction (autocommit), so the key exists for every
 * process at once; two processes racing may each add one — both are published, the newest signs.
 */
export async function activeQrKey(em: EntityManager): Promise<SigningKey> {
  const hit = cache.get(em.config);
  if (hit) return hit;
  const conn = em.getConnection();
  const k = newSigningKey();
  await conn.execute(
    `insert into verification_key (kid, public_jwk, private_pem, created_at, active) select ?, ?, ?, now(), true where not exists (select 1 from verification_key where active)`,
    [k.kid, JSON.stringify(k.publicJwk), k.privatePem],
  );
  const [row] = await conn.execute<{ kid: string; private_pem: string; public_jwk: Record<string, string> }[]>(
    'select kid, private_pem, public_jwk from verification_key where active order by created_at desc, kid limit 1',
  );
  const key = loadSigningKey(row!.kid, row!.private_pem, row!.public_jwk);
  cache.set(em.config, key);
  return key;
}

/** Every published key (retired ones too: letters signed with them stay verifiable). */
export async function publishedKeys(em: EntityManager): Promise<Record<string, string>[]> {
  await activeQrKey(em);
  const rows = await em
    .getConnection()
    .execute<{ public_jwk: Record<string, string> }[]>('select public_jwk from verification_key order by created_at');
  return rows.map((r) => r.public_jwk);
}
