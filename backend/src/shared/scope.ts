import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { ObjectStore } from '@patravali/storage';
import type { Env } from '../config/env.js';
import type { Logger } from './logger.js';
import type { Actor } from './actor.js';
import type { Hint, Room } from '../realtime/hints.js';
import type { JobQueue } from '../jobs/queue.js';
import { appendAudit, type AuditEntry } from '../modules/audit/append-audit.js';
import type { LoginThrottle } from '../modules/auth/login-throttle.js';
import type { OcrEngine } from '../infra/ocr/ocr-engine.js';

export interface Publisher {
  publish(messages: ReadonlyArray<{ room: Room; hint: Hint }>): void;
  /** Moves a session's sockets between rooms (after a post switch or logout). */
  moveSession(sessionId: string, leave: Room[], join: Room[]): Promise<void>;
}

/** The process-wide parts every use case may need; built once at start-up. */
export interface Deps {
  env: Env;
  log: Logger;
  orm: MikroORM;
  pool: pg.Pool;
  store: ObjectStore;
  jobs: JobQueue;
  realtime: Publisher;
  throttle: LoginThrottle;
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
  /** Appends to the hash-chained audit log inside this transaction: no state change without its record. */
  audit(entry: AuditEntry): Promise<void>;
  /** Queues a realtime hint, sent after commit (never for a change rolled back). */
  hint(room: Room, hint: Hint): void;
}

/**
 * Runs `work` in one transaction; audit rows commit with it, hints go out after commit. Every use case
 * writes through this (or, on a hot path written in plain SQL, its twin `sqlTransaction`).
 */
export async function transact<T>(scope: Scope, work: (tx: Tx) => Promise<T>): Promise<T> {
  const hints: Array<{ room: Room; hint: Hint }> = [];
  const result = await scope.em.transactional(async (em) => {
    const tx: Tx = {
      em,
      audit: (entry) => appendAudit(em, scope.actor, entry),
      hint: (room, hint) => void hints.push({ room, hint }),
    };
    return work(tx);
  });
  if (hints.length) scope.deps.realtime.publish(hints);
  return result;
}
