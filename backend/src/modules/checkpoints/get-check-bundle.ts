import { createHash } from 'node:crypto';
import type { Scope } from '../../shared/scope.js';
import { publishedKeys } from '../signing/index.js';
import { assertCheckpoint, checkPlace } from './checkpoints.policy.js';
import { revokedDocumentIds } from './checkpoints.queries.js';

/**
 * What a checkpoint phone keeps for checking offline: the published keys, the revocation list, its
 * place and the gates' closing time. `etag` covers all of it but the time it was made, so a phone
 * whose copy is current gets a 304 instead of the list again on a weak signal.
 */
export async function getCheckBundle(scope: Scope) {
  assertCheckpoint(scope.actor);
  const place = await checkPlace(scope.em, scope.actor);
  const [keys, revoked] = await Promise.all([publishedKeys(scope.em), revokedDocumentIds(scope.em)]);
  const content = { place, keys, revoked, closingTime: scope.deps.env.GATE_CLOSING_TIME };
  const etag = `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 27)}"`;
  return { etag, bundle: { generatedAt: new Date().toISOString(), ...content } };
}
