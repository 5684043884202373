import type pg from 'pg';
import type { Hint, Room } from '../realtime/hints.js';
import type { Scope } from './scope.js';

type Row = Record<string, any>;

/**
 * A transaction in plain SQL on one connection of the ORM's pool, for hot paths (moving an item):
 * its first statements travel with BEGIN and its last ones with COMMIT, so a transaction of two
 * steps costs two round trips and nothing waits on this process between the last write and the
 * commit (row locks are held for the commit alone). Its hints are handed to `publish` after the
 * commit. Parameters are inlined by the ORM's platform, as `em.execute` does.
 */
export interface SqlTx {
  /** Runs statements inside the transaction (the first call opens it); the rows of each statement. */
  query(sql: string, params: unknown[]): Promise<Row[][]>;
  /** Runs the last statements and commits, in one round trip. */
  commit(sql: string, params: unknown[]): Promise<Row[][]>;
  /** Queues a realtime hint, published after the commit. */
  hint(room: Room, hint: Hint): void;
}

/**
 * Runs `work` as one transaction; it must end with `tx.commit`, else (or on any error) it is rolled back.
 * The plain-SQL twin of `transact` (scope.ts), for hot paths: the same scope in, hints out after commit.
 */
export async function sqlTransaction<T>(scope: Pick<Scope, 'em' | 'deps'>, work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const { em } = scope;
  const connection = em.getConnection();
  const platform = em.getPlatform();
  const knex = connection.getKnex();
  const client = (await knex.client.acquireConnection()) as pg.Client;
  let state = 'idle' as 'idle' | 'open' | 'committed';
  const hints: Array<{ room: Room; hint: Hint }> = [];
  const run = async (parts: Array<{ sql: string; params: unknown[] } | null>, lead: number): Promise<Row[][]> => {
    const text = parts.filter((p) => p !== null).map((p) => platform.formatQuery(p.sql, p.params)).join(';\n');
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
      const opening = state === 'idle';
      state = 'open';
      const rows = await run([opening ? { sql: 'begin', params: [] } : null, { sql, params }, { sql: 'commit', params: [] }], opening ? 1 : 0);
      state = 'committed';
      return rows.slice(0, rows.length - 1);
    },
    hint(room, hint) {
      if (state === 'committed') throw new Error('a hint queued after the commit would never be sent');
      hints.push({ room, hint });
    },
  };
  let healthy = true;
  try {
    const result = await work(tx);
    if (state !== 'committed') throw new Error('sqlTransaction: work ended without committing');
    if (hints.length) scope.deps.realtime.publish(hints);
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
    await knex.client.releaseConnection(client);
  }
}
