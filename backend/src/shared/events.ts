import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from './actor.js';
import type { Logger } from './logger.js';
import type { Tx } from './scope.js';
import type { Hint, Room } from './hints.js';
import type { Reader, Statement } from './persistence.js';

/**
 * Domain events: what a use case did, as a fact (`receipt.diarised`, `item.sent`, …). Each module
 * declares its own in its `<x>.events.ts` by augmenting this interface, so a new kind of item adds its
 * events without touching anything here:
 *
 *   declare module '../../shared/events.js' {
 *     interface DomainEvents { 'receipt.diarised': { receiptId: string; holderPostId: string } }
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type EventType = keyof DomainEvents;
/** One event: its type and its facts. */
export type DomainEvent<K extends EventType = EventType> = K extends EventType ? { type: K } & DomainEvents[K] : never;

/** One row of the hash-chained audit log (the actor's fields are added from the transaction's actor). */
export interface AuditEntry {
  action: string;
  objectType: string;
  objectId: string;
  details?: Record<string, unknown>;
}

/** One audit row: what was done (`action`) to which object, with the details worth keeping. */
export function auditOf(action: string, objectType: string, objectId: string, details?: Record<string, unknown>): AuditEntry {
  return details === undefined ? { action, objectType, objectId } : { action, objectType, objectId, details };
}

/** A realtime hint for one room. */
export interface HintMessage {
  room: Room;
  hint: Hint;
}

export interface EventContext {
  /** Who acted (the audit rows carry their user, post and address). */
  actor: Actor;
}

/** What a `statements` listener may do besides: read in the change's transaction, and record what it adds (events with no `apply`). */
export interface StatementContext extends EventContext {
  read: Reader;
  /** The request's EntityManager: it names the database for per-process caches; read through `read`, never through it. */
  em: EntityManager;
  emit(event: DomainEvent): void;
}

export interface AfterCommitContext extends EventContext {
  /** An EntityManager outside the (committed) transaction. */
  em(): EntityManager;
  /** Queues a hint, published with the transaction's other hints. */
  hint(room: Room, hint: Hint): void;
}

/**
 * What a module does when an event happens. `audit` and `hints` are pure, so they serve both
 * transaction styles (an ORM `transact` and the plain-SQL `sqlTransaction` of the move path, whose
 * audit rows travel with its COMMIT); `apply` needs the ORM transaction.
 */
export interface Listener<E> {
  /** The change's record in the audit chain: written in the change's own transaction (no state change without its record). */
  audit?(e: E, ctx: EventContext): AuditEntry | readonly AuditEntry[] | null;
  /**
   * Rows that must commit with the change, as plain statements (an SMS's outbox row and its delivery job):
   * like `audit`, they serve both transaction styles — `transact` runs them after the `apply` listeners,
   * `sqlTransaction` sends them with its COMMIT — so a hot path keeps its two round trips.
   */
  statements?(e: E, ctx: StatementContext): Promise<readonly Statement[]>;
  /** Work that must commit (or roll back) with the change: read models kept in step, outgoing messages. May emit further events. */
  apply?(tx: Tx, e: E, ctx: EventContext): Promise<void>;
  /** Who must refetch what: published after commit, never for a change rolled back. */
  hints?(e: E, ctx: EventContext): readonly HintMessage[];
  /**
   * Work after commit that needs the database or this process's state (hints to rooms found by a
   * query, caches to forget). A failure is logged: the change is committed and stays so.
   */
  afterCommit?(e: E, ctx: AfterCommitContext): void | Promise<void>;
}

/** A module's listeners, by event type (its `<x>.events.ts` exports one of these). */
export type Listeners = { [K in EventType]?: Listener<DomainEvent<K>> };

export interface EventBus {
  /** Adds a module's listeners (the composition root registers every module's). */
  listen(listeners: Listeners): void;
  /** The audit rows of these events, in order (pure). */
  auditEntries(events: readonly DomainEvent[], actor: Actor): AuditEntry[];
  /** The statement appending these audit rows, for the caller's transaction; null when there are none. */
  auditStatement(actor: Actor, entries: readonly AuditEntry[]): { sql: string; params: unknown[] } | null;
  /**
   * The statements of these events' `statements` listeners, in order; events they emit are appended to
   * `events` (and handled in turn), so their audit rows and hints follow.
   */
  statements(events: DomainEvent[], actor: Actor, read: Reader, em: EntityManager): Promise<Statement[]>;
  /** Whether any listener of these events must run inside an ORM transaction. */
  needsOrmTransaction(events: readonly DomainEvent[]): boolean;
  /** Runs the in-transaction listeners; events they emit (onto `queue`) are handled in turn. */
  apply(tx: Tx, actor: Actor, queue: DomainEvent[]): Promise<void>;
  /** After commit: hints and the after-commit listeners; hints are published together at the end. */
  committed(actor: Actor, em: () => EntityManager, events: readonly DomainEvent[]): Promise<void>;
}

/**
 * The one bus of a process. It knows no module: the platform hands it the audit statement and the
 * realtime publisher, the composition root registers the modules' listeners.
 */
export function createEventBus(opts: {
  auditStatement(actor: Actor, entries: readonly AuditEntry[]): { sql: string; params: unknown[] } | null;
  publish(messages: readonly HintMessage[]): void;
  log: Logger;
}): EventBus {
  const byType = new Map<string, Array<Listener<any>>>();
  const of = (type: string) => byType.get(type) ?? [];
  return {
    listen(listeners) {
      for (const [type, l] of Object.entries(listeners)) {
        if (l) byType.set(type, [...of(type), l as Listener<any>]);
      }
    },
    auditEntries(events, actor) {
      const out: AuditEntry[] = [];
      for (const e of events) {
        for (const l of of(e.type)) {
          const a = l.audit?.(e, { actor });
          if (a) out.push(...(Array.isArray(a) ? a : [a as AuditEntry]));
        }
      }
      return out;
    },
    async statements(events, actor, read, em) {
      const out: Statement[] = [];
      const emit = (e: DomainEvent) => {
        if (of(e.type).some((l) => l.apply)) throw new Error(`${e.type}: emitted by a statements listener, it must have no apply listener`);
        events.push(e);
      };
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        for (const l of of(e.type)) if (l.statements) out.push(...(await l.statements(e, { actor, read, em, emit })));
      }
      return out;
    },
    auditStatement: opts.auditStatement,
    needsOrmTransaction: (events) => events.some((e) => of(e.type).some((l) => l.apply)),
    async apply(tx, actor, queue) {
      // listeners may emit more events onto the queue: they are handled in turn
      for (let i = 0; i < queue.length; i++) {
        const e = queue[i]!;
        for (const l of of(e.type)) if (l.apply) await l.apply(tx, e, { actor });
      }
    },
    async committed(actor, em, events) {
      const messages: HintMessage[] = [];
      let forked: EntityManager | null = null;
      const ctx: AfterCommitContext = {
        actor,
        em: () => (forked ??= em()),
        hint: (room, hint) => void messages.push({ room, hint }),
      };
      const pending: Array<Promise<void>> = [];
      for (const e of events) {
        for (const l of of(e.type)) {
          try {
            if (l.hints) messages.push(...l.hints(e, ctx));
            const done = l.afterCommit?.(e, ctx);
            if (done) pending.push(done.catch((err: unknown) => opts.log.error({ err, event: e.type }, 'an after-commit listener failed')));
          } catch (err) {
            opts.log.error({ err, event: e.type }, 'an after-commit listener failed');
          }
        }
      }
      await Promise.all(pending);
      if (messages.length) opts.publish(messages);
    },
  };
}
