import { APP_VERSION as VERSION } from '../../config/env.js';
import type { Deps } from '../../shared/scope.js';

/** Asks PostgreSQL and the object store whether they answer (each with a 2 s limit). */
export async function checkHealth(deps: Deps) {
  const within = <T>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000))]);
  const [db, storage] = await Promise.all([
    within(deps.pool.query('select 1')).then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
    within(deps.store.ping()).then(
      (ok) => (ok ? ('ok' as const) : ('down' as const)),
      () => 'down' as const,
    ),
  ]);
  return { status: db === 'ok' && storage === 'ok' ? ('ok' as const) : ('degraded' as const), database: db, storage, version: VERSION };
}
