import type { JWK } from 'jose';
import { AppError } from '../../shared/app-error.js';
import { transact, type Scope } from '../../shared/scope.js';
import { publishedKeys } from '../signing/index.js';
import { assertCheckpoint, checkPlace, type CheckPlace } from './checkpoints.policy.js';
import { documentByReference } from './checkpoints.queries.js';
import type { RecordedCheck } from './checkpoints.events.js';
import type { RecordIn, RecordsIn } from './checkpoints.schemas.js';
import { judgeToken } from './judge-token.js';

const COLUMNS = [
  'id',
  'post_id',
  'office_id',
  'user_id',
  'checked_at',
  'received_at',
  'kind',
  'direction',
  'verdict',
  'server_verdict',
  'offline',
  'document_id',
  'reference_number',
  'token',
] as const;

/**
 * Stores checks a phone made (many offline) in one transaction: each once by its id, so a batch sent
 * again after a lost answer stores nothing twice and answers the same. The server judges each token
 * again by the same rule at the moment of the check, with the revocation list as it knows it now, and
 * links the check to the document (who is inside an office comes from a gate's entries and exits).
 */
export async function recordChecks(scope: Scope, input: RecordsIn): Promise<{ ids: string[] }> {
  const { actor } = scope;
  assertCheckpoint(actor);
  const ids = [...new Set(input.records.map((r) => r.id))];
  const places = new Map<string, CheckPlace>();
  for (const postId of new Set(input.records.map((r) => r.postId ?? actor.postId)))
    places.set(postId, await checkPlace(scope.em, actor, postId));
  const keys = (await publishedKeys(scope.em)) as JWK[];
  await transact(scope, async (tx) => {
    const conn = tx.em.getConnection();
    const ctx = tx.em.getTransactionContext();
    const known = await conn.execute<{ id: string; user_id: string }[]>(
      `select id, user_id from check_record where id in (${ids.map(() => '?').join(', ')})`,
      ids,
      'all',
      ctx,
    );
    if (known.some((k) => k.user_id !== actor.userId)) throw new AppError('CONFLICT');
    const seen = new Set(known.map((k) => k.id));
    const rows: unknown[][] = [];
    const recorded: RecordedCheck[] = [];
    const receivedAt = new Date();
    for (const r of input.records) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const place = places.get(r.postId ?? actor.postId)!;
      const { documentId, serverVerdict, reference } = await judgeRecord(scope, r, place, keys);
      const direction = place.gate ? (r.direction ?? null) : null;
      rows.push([
        r.id,
        place.postId,
        place.officeId,
        actor.userId,
        new Date(r.checkedAt),
        receivedAt,
        r.kind,
        direction,
        r.verdict,
        serverVerdict,
        r.offline,
        documentId,
        reference,
        r.token ?? null,
      ]);
      recorded.push({
        id: r.id,
        postId: place.postId,
        officeId: place.officeId,
        documentId,
        kind: r.kind,
        direction,
        verdict: r.verdict,
        serverVerdict,
        offline: r.offline,
      });
    }
    if (!rows.length) return;
    // a batch racing its own replay: the row stored first wins, the other is skipped (and not recorded twice)
    const stored = await conn.execute<{ id: string }[]>(
      `insert into check_record (${COLUMNS.join(', ')}) values ${rows.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}
       on conflict (id) do nothing returning id`,
      rows.flat(),
      'all',
      ctx,
    );
    const fresh = new Set(stored.map((s) => s.id));
    if (fresh.size) tx.emit({ type: 'check.recorded', records: recorded.filter((r) => fresh.has(r.id)) });
  });
  return { ids };
}

async function judgeRecord(scope: Scope, r: RecordIn, place: CheckPlace, keys: JWK[]) {
  let token = r.token ?? null;
  let reference = r.reference ?? null;
  if (!token && reference) token = (await documentByReference(scope.em, reference))?.token ?? null;
  if (!token) return { documentId: null, serverVerdict: null, reference };
  const j = await judgeToken(scope.em, token, place, new Date(r.checkedAt), keys);
  reference ??= j.claims?.r ?? null;
  return { documentId: j.claims ? (j.document?.id ?? null) : null, serverVerdict: j.verdict, reference };
}
