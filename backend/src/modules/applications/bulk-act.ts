import type { Scope } from '../../shared/scope.js';
import { bulkFailure } from '../movement/index.js';
import { takeAction } from './act-on-application.js';
import type { bulkActionIn, bulkActionOut } from './applications.schemas.js';
import type { z } from 'zod';

/**
 * One workflow action on many applications (an SDM approving the morning's e-passes): each goes through
 * the single action's use case in its own transaction — the same visibility, holder, version and state
 * rules — and an application that cannot be done is reported with its reason while the others go on.
 */
export async function bulkActOnApplications(scope: Scope, input: z.infer<typeof bulkActionIn>): Promise<z.infer<typeof bulkActionOut>> {
  const results: z.infer<typeof bulkActionOut>['results'] = [];
  for (const item of input.items) {
    try {
      const { referenceNumber } = await takeAction(scope, item.id, input.action, {
        version: item.version,
        reason: input.reason,
        remarks: input.remarks,
      });
      results.push({ id: item.id, ok: true, referenceNumber, error: null, message: null });
    } catch (err) {
      results.push({ id: item.id, ok: false, referenceNumber: null, ...bulkFailure(scope, err) });
    }
  }
  const done = results.filter((r) => r.ok).length;
  return { results, done, failed: results.length - done };
}
