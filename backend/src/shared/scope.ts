import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type pg from 'pg';
import type { ObjectStore } from '@patravali/storage';
import type { Env } from '../config/env.js';
import type { Logger } from './logger.js';
import type { Actor } from './actor.js';
import type { Room } from './hints.js';
import type { OcrEngine } from '../infra/ocr/ocr-engine.js';
import type { DomainEvent, EventBus, HintMessage } from './events.js';
import { readerOf, runStatements, type Statement } from './persistence.js';

export interface Publisher {
  publish(messages: readonly HintMessage[]): void;
  /** Moves a session's sockets between rooms (after a post switch or logout). */
  moveSession(sessionId: string, leave: Room[], join: Room[]): Promise<void>;
}

/** The job queue as use cases see it; jobs/queue.ts implements it (pg-boss), jobs/define-job.ts defines the jobs. */
export interface JobQueue {
  /** Enqueues a job; with `em` inside a transaction, the job commits (or not) with it. */
  enqueue<S extends z.ZodType>(
    job: { name: string; payload: S },
    payload: z.infer<S>,
    opts?: { em?: EntityManager; priority?: number; singletonKey?: string; expireInSeconds?: number },
  ): Promise<string>;
  /**
   * The statement that enqueues a job, for a caller that sends it with its other writes (a plain-SQL
   * transaction): it commits (or not) with them.
   */
  enqueueSql<S extends z.ZodType>(job: { name: string; payload: S }, payload: z.infer<S>): Promise<Statement>;
  queueSize(name: string): Promise<number>;
  /** Jobs of a queue being worked on right now. */
  activeCount(name: string): Promise<number>;
}

/**
 * The process-wide parts every use case may need; built once at start-up. A part only one module
 * uses is declared by that module, augmenting this interface (as events augment DomainEvents), and
 * provided by the composition root: auth's login throttle (auth/login-throttle.ts).
 */
export interface Deps {
  env: Env;
  log: Logger;
  orm: MikroORM;
  pool: pg.Pool;
  store: ObjectStore;
  jobs: JobQueue;
  realtime: Publisher;
  /** Domain events: every module's listeners, registered by the composition root. */
  events: EventBus;
  /** The OCR engine of this process, started on first use (worker role only). */
  ocr: () => Promise<OcrEngine>;
}

/** What a use case runs with: who acts, a request-scoped EntityManager, and the deps. */
export interface Scope {
  actor: Actor;
  em: EntityManager;
  deps: Deps;
}

export interface Tx {
  em: EntityManager;
  /**
   * Records what the change did. Its audit rows and in-transaction listeners commit with the change (no
   * state change without its record); its hints and other listeners run after commit, never for a
   * change rolled back.
   */
  emit(event: DomainEvent): void;
}

/**
 * Runs `work` in one transaction; the events it emits are handled as `Tx.emit` says. Every use case
 * writes through this (or, on a hot path written in plain SQL, its twin `sqlTransaction`).
 */
export async function transact<T>(scope: Scope, work: (tx: Tx) => Promise<T>): Promise<T> {
  const bus = scope.deps.events;
  const events: DomainEvent[] = [];
  const result = await scope.em.transactional(async (em) => {
    const tx: Tx = { em, emit: (e) => void events.push(e) };
    const out = await work(tx);
    if (events.length) {
      await em.flush(); // listeners read what the work wrote
      await bus.apply(tx, scope.actor, events);
      // the events' rows and their audit rows, in one round trip
      await runStatements(em, [
        ...(await bus.statements(events, scope.actor, readerOf(em), em)),
        bus.auditStatement(scope.actor, bus.auditEntries(events, scope.actor)),
      ]);
    }
    return out;
  });
  if (events.length) await bus.committed(scope.actor, () => scope.em.fork(), events);
  return result;
}

/**
 * Events of a change already committed by other means (a job's own statements): only their hints and
 * after-commit listeners run, so they must have no audit row nor in-transaction work.
 */
export async function announce(deps: Deps, actor: Actor, events: DomainEvent[]): Promise<void> {
  if (deps.events.needsOrmTransaction(events) || deps.events.auditEntries(events, actor).length) {
    throw new Error(`announce: ${events.map((e) => e.type).join(', ')} need a transaction (audit rows or in-transaction listeners)`);
  }
  await deps.events.committed(actor, () => deps.orm.em.fork(), events);
}
