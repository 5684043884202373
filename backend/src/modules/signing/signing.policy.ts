import type { Actor } from '../../shared/actor.js';
import { invalidState, notFound, type AppError } from '../../shared/app-error.js';
import type { DispatchEntry } from './signing.entity.js';

/**
 * Why the user may not countersign this letter now, or null: its file exists for them, it is issued
 * (signed and stored) and they have not signed it yet. The countersigning use case and the entry's
 * `abilities.countersign`.
 */
export function countersignRefusal(
  actor: Actor,
  e: Pick<DispatchEntry, 'status' | 'objectKey' | 'signers'>,
  fileVisible: boolean,
): AppError | null {
  if (!fileVisible) return notFound();
  if (e.status !== 'issued' || !e.objectKey) return invalidState('notCountersignable');
  return e.signers.some((s) => s.userId === actor.userId) ? invalidState('alreadySignedByYou') : null;
}

/** Why the letter cannot be marked dispatched, or null: only an issued letter is (markDispatched and `abilities.dispatch`). */
export function dispatchRefusal(e: Pick<DispatchEntry, 'status'>): AppError | null {
  return e.status === 'issued' ? null : invalidState('notDispatchable');
}
