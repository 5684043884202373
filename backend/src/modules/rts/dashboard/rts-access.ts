import type { Scope } from '../../../shared/scope.js';
import { cachedOrg } from '../../org/index.js';
import { rtsScopeOf } from './rts-dashboard.policy.js';

/** Whether the acting post may see the RTS dashboard (the navigation offers it only then), and over what. */
export async function rtsDashboardAccess(scope: Scope): Promise<{ dashboard: boolean; scope: 'state' | 'offices' | null }> {
  const s = rtsScopeOf(scope.actor, await cachedOrg(scope.em));
  return { dashboard: !!s, scope: s?.kind ?? null };
}
