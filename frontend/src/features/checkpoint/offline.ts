/**
 * What the checkpoint phone keeps in IndexedDB: the last bundle (keys, revocation list, place) with
 * its ETag and the time it was last confirmed current, and the queue of checks not yet synced — each
 * under its own id, so a check is stored once however often the phone retries.
 */
import { createStore, del, delMany, get, set, values, type UseStore } from 'idb-keyval';
import type { CheckBundle, CheckRecordIn } from './api';

export interface CachedBundle {
  bundle: CheckBundle;
  etag: string | null;
  /** When the server last confirmed this copy (a 200 or a 304): the age the app shows. */
  confirmedAt: string;
  /** Whose it is: another user signing in on the phone gets their own. */
  userId: string;
}

let kv: UseStore | null = null;
let queue: UseStore | null = null;
const kvStore = () => (kv ??= createStore('patravali-check', 'bundle'));
const queueStore = () => (queue ??= createStore('patravali-check-queue', 'checks'));

export const loadBundle = (): Promise<CachedBundle | undefined> => get<CachedBundle>('bundle', kvStore());
export const saveBundle = (b: CachedBundle): Promise<void> => set('bundle', b, kvStore());
export const forgetBundle = (): Promise<void> => del('bundle', kvStore());

export const queueCheck = (r: CheckRecordIn): Promise<void> => set(r.id, r, queueStore());
export const queuedChecks = async (): Promise<CheckRecordIn[]> =>
  (await values<CheckRecordIn>(queueStore())).sort((a, b) => a.checkedAt.localeCompare(b.checkedAt));
export const dropChecks = (ids: string[]): Promise<void> => delMany(ids, queueStore());

/** A random (v4) UUID, also where `crypto.randomUUID` is missing (an older phone browser). */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
