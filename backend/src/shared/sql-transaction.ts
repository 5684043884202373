import type pg from 'pg';
import type { DomainEvent } from './events.js';
import type { Scope } from './scope.js';
import { statementsText, type Reader, type Statement } from './persistence.js';

type Row = Record<string, any>;

/**
 * A transaction in plain SQL on one connection of the ORM's pool, for hot paths (moving an item):
 * its first statements travel with BEGIN and its last ones with COMMIT, so a transaction of two
 * steps costs two round trips and nothing waits on this process between the last write and the
 * commit (row locks are held for the commit alone). The audit rows of its events travel with the
 * COMMIT; their hints and after-commit listeners run once it has committed (so its events may have no
 * in-transaction listeners). Parameters are inlined by the ORM's platform, as `em.execute` does.
 */
export interface SqlTx {
  /** Runs statements inside the transaction (the first call opens it); the rows of each statement. */
  query(sql: string, params: unknown[]): Promise<Row[][]>;
  /** Runs the last statements, the audit rows of the events emitted so far, and commits, in one round trip. */
  commit(sql: string, params: unknown[]): Promise<Row[][]>;
  /** Records what the change did (before `commit`): see `Tx.emit`. */
  emit(event: DomainEvent): void;
  /** Reads with one statement inside the transaction (the first call opens it): its rows. */
  read: Reader;
}

/**
 * Runs `work` as one transaction; it must end with `tx.commit`, else (or on any error) it is rolled back.
 * The plain-SQL twin of `transact` (scope.ts), for hot paths: the same scope in, events handled as `Tx.emit` says.
 */
export async function sqlTransaction<T>(scope: Scope, work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const { em, actor } = scope;
  const bus = scope.deps.events;
  const connection = em.getConnection();
  const knex = connection.getKnex();
  const client = (await knex.client.acquireConnection()) as pg.Client;
  let state = 'idle' as 'idle' | 'open' | 'committed';
  const events: DomainEvent[] = [];
  const run = async (parts: Array<Statement | null>, lead: number): Promise<Row[][]> => {
    const text = statementsText(em, parts);
    const res = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
    const all = Array.isArray(res) ? res : [res];
    return all.slice(lead).map((r) => r.rows ?? []);
  };
  const tx: SqlTx = {
    async query(sql, params) {
      if (state === 'committed') throw new Error('transaction already committed');
      const opening = state === 'idle';
      state = 'open';
      return run([opening ? { sql: 'begin', params: [] } : null, { sql, params }], opening ? 1 : 0);
    },
    async commit(sql, params) {
      if (state === 'committed') throw new Error('transaction already committed');
      if (bus.needsOrmTransaction(events))
        throw new Error(`sqlTransaction: ${events.map((e) => e.type).join(', ')} have in-transaction listeners; use transact`);
      // the listeners' rows (they may read in this transaction, and add events), then the audit rows of every event
      const extra = await bus.statements(events, actor, tx.read, em);
      const opening = state === 'idle';
      state = 'open';
      const audit = bus.auditStatement(actor, bus.auditEntries(events, actor));
      const rows = await run(
        [opening ? { sql: 'begin', params: [] } : null, { sql, params }, ...extra, audit, { sql: 'commit', params: [] }],
        opening ? 1 : 0,
      );
      state = 'committed';
      return rows.slice(0, rows.length - extra.length - (audit ? 2 : 1));
    },
    read: async (sql, params) => (await tx.query(sql, [...params]))[0] ?? [],
    emit(event) {
      if (state === 'committed') throw new Error('an event emitted after the commit would have no audit row');
      events.push(event);
    },
  };
  let healthy = true;
  let released = false;
  try {
    const result = await work(tx);
    if (state !== 'committed') throw new Error('sqlTransaction: work ended without committing');
    released = true;
    await knex.client.releaseConnection(client);
    if (events.length) await bus.committed(actor, () => em.fork(), events);
    return result;
  } finally {
    if (state === 'open') {
      // an error (ours or the database's) left the transaction open or aborted: end it before the connection goes back
      await client.query('rollback').catch(() => {
        healthy = false;
      });
    }
    if (!healthy) {
      // knex drops a connection marked so when it is next taken from the pool
      (client as unknown as { __knex__disposed?: string }).__knex__disposed = 'rollback failed';
      await client.end().catch(() => undefined);
    }
    if (!released) await knex.client.releaseConnection(client);
  }
}
