import { AgentError, isAgentError } from './errors.js';
import type { KeyStore } from './key-store.js';
import type { SessionState } from './contract.js';

/**
 * The one signing session of this agent: the key store opened with the officer's PIN, closed after
 * `idleMs` without use. Store calls are serialised (a token does one thing at a time, and the idle
 * close must not cut into a batch).
 *
 * Wrong PINs are counted here too, because not every token reports its retry counter (SoftHSM
 * reports none): after `pinTries` consecutive wrong PINs the agent refuses further tries until it
 * is restarted, so a script on a paired page cannot lock the officer's token.
 */
export class SigningSession {
  private queue: Promise<unknown> = Promise.resolve();
  private expiresAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wrongPins = 0;
  private locked = false;

  constructor(
    readonly store: KeyStore,
    private readonly idleMs: number,
    private readonly pinTries: number,
    private readonly onClose: (reason: 'idle' | 'request' | 'token') => void = () => {},
  ) {}

  state(): SessionState {
    const open = this.store.isOpen() && this.expiresAt !== null && this.expiresAt > Date.now();
    return { open, expiresAt: open ? new Date(this.expiresAt!).toISOString() : null };
  }

  /** Opens (or re-opens) the session with `pin`. */
  open(pin: string): Promise<SessionState> {
    return this.exclusive(async () => {
      if (this.locked) throw new AgentError('PIN_LOCKED', { lockedBy: 'agent' });
      await this.closeNow();
      try {
        await this.store.open(pin);
      } catch (e) {
        if (!isAgentError(e, 'WRONG_PIN')) throw e;
        this.wrongPins++;
        const agentLeft = this.pinTries - this.wrongPins;
        if (agentLeft <= 0) {
          this.locked = true;
          throw new AgentError('PIN_LOCKED', { lockedBy: 'agent' });
        }
        const tokenLeft = typeof e.extra.tokenTriesLeft === 'number' ? e.extra.tokenTriesLeft : Infinity;
        throw new AgentError('WRONG_PIN', { triesLeft: Math.min(agentLeft, tokenLeft) });
      }
      this.wrongPins = 0;
      this.touch();
      return this.state();
    });
  }

  close(): Promise<SessionState> {
    return this.exclusive(async () => {
      await this.closeNow('request');
      return this.state();
    });
  }

  /** Runs `fn` with the open store, extending the session before and after. */
  use<T>(fn: (store: KeyStore) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      if (!this.state().open) {
        // past its idle time but its timer has not run yet (a busy machine): it closes for inactivity all the same
        await this.closeNow(this.expiresAt !== null ? 'idle' : undefined);
        throw new AgentError('SESSION_REQUIRED');
      }
      this.touch();
      try {
        return await fn(this.store);
      } catch (e) {
        if (isAgentError(e, 'NO_TOKEN') || isAgentError(e, 'SESSION_REQUIRED')) await this.closeNow('token');
        throw e;
      } finally {
        if (this.store.isOpen()) this.touch();
      }
    });
  }

  async dispose(): Promise<void> {
    await this.exclusive(() => this.closeNow());
    await this.store.dispose?.();
  }

  private touch(): void {
    this.expiresAt = Date.now() + this.idleMs;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.exclusive(() => this.expire()), this.idleMs);
    this.timer.unref();
  }

  private async expire(): Promise<void> {
    if (this.expiresAt !== null && this.expiresAt <= Date.now()) await this.closeNow('idle');
  }

  private async closeNow(reason?: 'idle' | 'request' | 'token'): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wasOpen = this.store.isOpen() || this.expiresAt !== null;
    this.expiresAt = null;
    await this.store.close();
    if (wasOpen && reason) this.onClose(reason);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
