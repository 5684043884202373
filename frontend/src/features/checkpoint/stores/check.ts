import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useIntervalFn, useOnline } from '@vueuse/core';
import { isApiError } from '../../../api/client';
import { queryClient } from '../../../api/queries';
import { checkApi, type CheckRecordIn, type VerifyAnswer } from '../api';
import { checkPassToken, type PassCheckContext, type PassClaims, type PassVerdict } from '../passToken';
import { dropChecks, loadBundle, newId, queueCheck, queuedChecks, saveBundle, type CachedBundle } from '../offline';

/** What the guard sees after a scan or a lookup. */
export interface CheckResult {
  verdict: PassVerdict;
  claims: PassClaims | null;
  /** Judged on the phone with its cached keys and revocation list, or by the server with the live state. */
  source: 'offline' | 'online';
  photoUrl: string | null;
  issuingOffice: { en: string; hi: string } | null;
  checkedAt: string;
}

export type Direction = 'in' | 'out';

/** How long an online answer may take on a weak signal before the phone's own verdict stands. */
const ONLINE_WAIT_MS = 4000;
const BATCH = 200;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

/**
 * The checkpoint app's state: the cached bundle (refreshed whenever online; its age shown), checks
 * judged by the shared pass rule on the phone and, when online, by the server too, and the queue of
 * recorded checks synced (once each, by id) whenever the network is there.
 */
export const useCheckStore = defineStore('check', () => {
  const online = useOnline();
  const cached = ref<CachedBundle | null>(null);
  const loaded = ref(false);
  /** The bundle could not be had: 'forbidden' (no checkpoint post), 'network' (offline and nothing cached). */
  const problem = ref<'forbidden' | 'network' | null>(null);
  const pending = ref(0);
  const syncing = ref(false);
  const direction = ref<Direction>('in');
  const place = computed(() => cached.value?.bundle.place ?? null);
  const revoked = computed(() => new Set(cached.value?.bundle.revoked ?? []));
  /** This browser's WebCrypto lacks Ed25519 (older phones): it cannot judge a signature itself, only ask the server. */
  const cannotVerifyHere = ref(false);
  let userId: string | null = null;

  async function probeEd25519() {
    try {
      const key = cached.value?.bundle.keys[0];
      if (key) await crypto.subtle.importKey('jwk', { kty: key.kty, crv: key.crv, x: key.x }, { name: 'Ed25519' }, false, ['verify']);
    } catch (e) {
      cannotVerifyHere.value = e instanceof DOMException && e.name === 'NotSupportedError';
    }
  }

  async function countPending() {
    pending.value = (await queuedChecks()).length;
  }

  /** Loads the cached bundle (of this user, when known) and refreshes it if the network is there. */
  async function start(currentUserId: string | null) {
    userId = currentUserId;
    const c = await loadBundle();
    cached.value = c && (!userId || c.userId === userId) ? c : null;
    await countPending();
    loaded.value = true;
    await refresh();
    await probeEd25519();
    await sync();
  }

  async function refresh() {
    if (!online.value) {
      if (!cached.value) problem.value = 'network';
      return;
    }
    try {
      const answer = await checkApi.bundle(cached.value?.etag ?? null);
      const now = new Date().toISOString();
      if (answer) {
        cached.value = { bundle: answer.bundle, etag: answer.etag, confirmedAt: answer.bundle.generatedAt, userId: userId ?? '' };
      } else if (cached.value) {
        cached.value = { ...cached.value, confirmedAt: now };
      }
      if (cached.value) await saveBundle(JSON.parse(JSON.stringify(cached.value)) as CachedBundle);
      problem.value = null;
    } catch (e) {
      if (isApiError(e) && e.status === 403) problem.value = 'forbidden';
      else if (!cached.value) problem.value = 'network';
    }
  }

  /** The phone's own verdict: the shared rule with the cached keys and revocation list. */
  async function judgeHere(token: string, now: Date) {
    const b = cached.value!.bundle;
    return checkPassToken(token, {
      keys: b.keys as unknown as PassCheckContext['keys'],
      isRevoked: (j) => revoked.value.has(j),
      now,
      place: b.place.gate ? b.place.officeCode : undefined,
    });
  }

  function fromServer(a: VerifyAnswer): CheckResult {
    return {
      verdict: a.verdict,
      claims: a.claims as PassClaims | null,
      source: 'online',
      photoUrl: a.photoUrl,
      issuingOffice: a.issuingOffice,
      checkedAt: a.checkedAt,
    };
  }

  /**
   * Checks a scanned token: at once on the phone, then (online) by the server; the check is queued and
   * synced. Null when neither can judge it (offline in a browser without Ed25519): nothing is recorded.
   */
  async function checkToken(token: string): Promise<CheckResult | null> {
    const now = new Date();
    if (cannotVerifyHere.value) {
      if (!online.value) return null;
      try {
        const result = fromServer(await checkApi.verify(token));
        await record({ kind: 'scan', token, result });
        return result;
      } catch {
        return null;
      }
    }
    const here = await judgeHere(token, now);
    let result: CheckResult = {
      verdict: here.verdict,
      claims: here.claims,
      source: 'offline',
      photoUrl: null,
      issuingOffice: null,
      checkedAt: now.toISOString(),
    };
    if (online.value) {
      try {
        result = fromServer(await within(checkApi.verify(token), ONLINE_WAIT_MS));
      } catch {
        // no answer in time: the phone's verdict stands
      }
    }
    await record({ kind: 'scan', token, result });
    return result;
  }

  /** A manual lookup by reference number (a damaged QR): needs the network. */
  async function lookup(reference: string): Promise<CheckResult> {
    const answer = await checkApi.lookup(reference);
    const result = fromServer(answer);
    await record({ kind: 'manual', reference, result, ...(answer.token ? { token: answer.token } : {}) });
    return result;
  }

  async function record(c: { kind: 'scan' | 'manual'; token?: string; reference?: string; result: CheckResult }) {
    const p = place.value!;
    const entry: CheckRecordIn = {
      id: newId(),
      postId: p.postId,
      checkedAt: c.result.checkedAt,
      kind: c.kind,
      verdict: c.result.verdict,
      offline: c.result.source === 'offline',
      ...(c.token ? { token: c.token } : {}),
      ...(c.reference ? { reference: c.reference } : {}),
      ...(p.gate ? { direction: direction.value } : {}),
    };
    await queueCheck(entry);
    await countPending();
    void sync();
  }

  let running: Promise<void> | null = null;
  /** Sends the queued checks in batches; each leaves the queue once the server has it. */
  function sync(): Promise<void> {
    if (running) return running;
    running = (async () => {
      if (!online.value) return;
      syncing.value = true;
      try {
        for (;;) {
          const batch = (await queuedChecks()).slice(0, BATCH);
          if (!batch.length) break;
          await checkApi.records(batch);
          await dropChecks(batch.map((r) => r.id));
          await countPending();
          if (batch.some((r) => r.direction)) void queryClient.invalidateQueries({ queryKey: ['gate'] });
        }
      } catch {
        // offline again, or the server refused: the checks wait in the queue for the next try
      } finally {
        syncing.value = false;
        await countPending();
      }
    })().finally(() => (running = null));
    return running;
  }

  watch(online, (yes) => {
    if (yes && loaded.value) void refresh().then(sync);
  });
  useIntervalFn(() => {
    if (loaded.value && online.value) void refresh().then(sync);
  }, 60_000);

  return {
    online,
    cached,
    place,
    loaded,
    problem,
    pending,
    syncing,
    direction,
    cannotVerifyHere,
    start,
    refresh,
    sync,
    checkToken,
    lookup,
  };
});
