import type { Scope } from '../../shared/scope.js';
import { istMinute } from '../passes/index.js';
import { assertCheckpoint, assertGateOf, checkPlace } from './checkpoints.policy.js';
import { insideNow } from './checkpoints.queries.js';

/**
 * Who is inside an office now by its gate's log (entered, not yet exited); after the gates' closing
 * time (India time), or for anyone who entered on an earlier day, they are marked as still inside.
 */
export async function listInside(scope: Scope, query: { office?: string | undefined }) {
  assertCheckpoint(scope.actor);
  const place = await checkPlace(scope.em, scope.actor);
  const officeId = query.office ?? place.officeId;
  assertGateOf(place, officeId);
  const rows = await insideNow(scope.em, officeId);
  const closingTime = scope.deps.env.GATE_CLOSING_TIME;
  const now = istMinute(new Date());
  const afterClosing = now.slice(11) >= closingTime;
  const today = now.slice(0, 10);
  const items = rows.map((r) => ({
    documentId: r.document_id,
    referenceNumber: r.reference_number,
    holderName: r.holder_name,
    kind: r.kind,
    enteredAt: new Date(r.entered_at).toISOString(),
    stillInsideAfterClosing: afterClosing || istMinute(new Date(r.entered_at)).slice(0, 10) < today,
  }));
  return {
    office: { id: place.officeId, code: place.officeCode, name: place.office },
    closingTime,
    afterClosing,
    count: items.length,
    items,
  };
}
