import { afterEach, describe, expect, it, vi } from 'vitest';
import { SigningSession } from './session.js';
import type { KeyStore } from './key-store.js';

/** A key store that only keeps open/closed: the session's timing is what is under test. */
function memoryStore(): KeyStore {
  let open = false;
  return {
    kind: 'pkcs12',
    describe: () => 'memory',
    open: async () => void (open = true),
    close: async () => void (open = false),
    isOpen: () => open,
    listCertificates: async () => [],
    signDigest: async () => Buffer.alloc(0),
  };
}

afterEach(() => vi.useRealTimers());

describe('SigningSession idle close', () => {
  it('says it closed for inactivity when a use finds it expired before its timer ran', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // the clock moves, the idle timer does not get to run
    const reasons: string[] = [];
    const session = new SigningSession(memoryStore(), 2000, 3, (r) => reasons.push(r));
    await session.open('123456');
    vi.setSystemTime(Date.now() + 2500);
    expect(session.state().open).toBe(false);
    await expect(session.use(async () => 'signed')).rejects.toMatchObject({ code: 'SESSION_REQUIRED' });
    expect(reasons).toEqual(['idle']);
    expect(session.store.isOpen()).toBe(false);
    await session.dispose();
    expect(reasons).toEqual(['idle']); // closed once, said once
  });

  it('says it closed for inactivity when its timer runs', async () => {
    vi.useFakeTimers();
    const reasons: string[] = [];
    const session = new SigningSession(memoryStore(), 2000, 3, (r) => reasons.push(r));
    await session.open('123456');
    await vi.advanceTimersByTimeAsync(2100);
    expect(reasons).toEqual(['idle']);
    expect(session.store.isOpen()).toBe(false);
  });
});
