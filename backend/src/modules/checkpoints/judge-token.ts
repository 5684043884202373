import type { EntityManager } from '@mikro-orm/postgresql';
import { checkPassToken, type PassCheck } from '../passes/index.js';
import { publishedKeys } from '../signing/index.js';
import type { JWK } from 'jose';
import { documentById, type DocumentRow } from './checkpoints.queries.js';
import type { CheckPlace } from './checkpoints.policy.js';

export interface Judgement extends PassCheck {
  /** The issued document the token names (null: forged, or not issued here). */
  document: DocumentRow | null;
}

/**
 * Judges a token by the one rule the phones also run offline (passes/pass-token.ts), with the
 * revocation state as it is now: the published keys, the document's cancellation, the time and — at a
 * gate — the office. `keys` may be passed in to judge a batch with one read of them.
 */
export async function judgeToken(
  em: EntityManager,
  token: string,
  place: CheckPlace,
  now: Date,
  keys?: readonly JWK[],
): Promise<Judgement> {
  const ctx = { keys: keys ?? (await publishedKeys(em)), now, place: place.gate ? place.officeCode : undefined };
  // the document's id is in the signed claims: judge once to read it, again if the document turns out cancelled
  const first = await checkPassToken(token, { ...ctx, isRevoked: () => false });
  const document = first.claims ? await documentById(em, first.claims.j) : null;
  if (document?.status !== 'cancelled') return { ...first, document };
  return { ...(await checkPassToken(token, { ...ctx, isRevoked: (j) => j === document.id })), document };
}
