import { LockMode, type EntitySchema, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from './app-error.js';

/**
 * Loads the entity matching `where` and row-locks it (SELECT … FOR UPDATE) until the caller's
 * transaction ends: a concurrent writer waits for our commit. Read fresh from the database (never
 * the identity map's older copy), so what is checked under the lock is what is there. Null when none.
 */
export async function lockRow<T extends object>(em: EntityManager, schema: EntitySchema<T, any>, where: FilterQuery<T>): Promise<T | null> {
  return em.findOne<T>(schema, where, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

/** `lockRow` for a row known to exist (a failure is a bug, not the user's doing). */
export async function lockRowOrFail<T extends object>(em: EntityManager, schema: EntitySchema<T, any>, where: FilterQuery<T>): Promise<T> {
  const row = await lockRow(em, schema, where);
  if (!row) throw new Error(`${schema.meta.className}: the row to lock is gone`);
  return row;
}

/**
 * Loads (and row-locks, inside the caller's transaction) an entity for an update the user made from `version`: unknown — or, with
 * `canSee`, invisible to the user: checked before the version, so a conflict never shows an outsider anything — ⇒ NOT_FOUND;
 * someone changed it since ⇒ CONFLICT carrying the current state (via `present`), so the client can show it and keep what
 * the user typed.
 */
export async function loadForUpdate<T extends object>(
  em: EntityManager,
  schema: EntitySchema<T, any>,
  id: string,
  version: number,
  present: (entity: T) => unknown | Promise<unknown>,
  canSee?: (entity: T) => Promise<boolean>,
): Promise<T> {
  // The row lock makes a concurrent editor wait for our commit, then see the new version and get
  // a CONFLICT with the current state (instead of a bare failed UPDATE).
  const entity = await lockRow(em, schema, { id } as FilterQuery<T>);
  if (!entity || (canSee && !(await canSee(entity)))) throw new AppError('NOT_FOUND');
  if ((entity as { version?: number }).version !== version) throw new AppError('CONFLICT', {}, { current: await present(entity) });
  return entity;
}

/** Throws DUPLICATE when `exists` is true: a clear error before the unique index would say it rudely. */
export function assertUnique(exists: unknown, what: string, value: string, path: string[] = ['code']): void {
  if (!exists) return;
  const err = new AppError('DUPLICATE', { what: { tKey: `what.${what}` }, value });
  // the same message, placed at the field, so the form shows it where the user typed
  throw new AppError('DUPLICATE', err.params, { field: what, value, issues: [{ path, code: 'duplicate', message: null }] });
}

/** Ids as a PostgreSQL array literal, for `= any(?::uuid[])` in raw SQL (the driver would spread a JS array into a list). */
export const pgArray = (ids: readonly string[]): string => `{${ids.join(',')}}`;

/** One SQL statement with `?` placeholders (the ORM's style) and its parameters. */
export interface Statement {
  sql: string;
  params: readonly unknown[];
}

/** A parameter as the platform inlines it: a plain object as JSON text (its own escaping would make `key = value` pairs); an array stays a list. */
const inlinable = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && !(v instanceof Date) && !ArrayBuffer.isView(v) && !Array.isArray(v) ? JSON.stringify(v) : v;

/** The statements as one text for the simple protocol (parameters inlined by the ORM's platform, as `em.execute` does). */
export function statementsText(em: EntityManager, statements: ReadonlyArray<Statement | null>): string {
  const platform = em.getPlatform();
  return statements
    .filter((s): s is Statement => s !== null)
    .map((s) => platform.formatQuery(s.sql, s.params.map(inlinable)))
    .join(';\n');
}

/**
 * Runs statements in `em`'s transaction in one round trip, answering the rows of each: for hot paths that
 * write several rows (filing an application) without building an entity for each. `em` must be in a
 * transaction (`transact`); an object parameter is passed as JSON text (a JSON array: stringify it yourself).
 */
export async function runStatements(
  em: EntityManager,
  statements: ReadonlyArray<Statement | null>,
): Promise<Array<Array<Record<string, any>>>> {
  const list = statements.filter((s): s is Statement => s !== null);
  if (!list.length) return [];
  const trx = em.getTransactionContext<{ client: { acquireConnection(): Promise<{ query(t: string): Promise<unknown> }> } }>();
  if (!trx) throw new Error('runStatements must run inside a transaction');
  // the knex transaction client hands out its own connection: the statements run inside our transaction
  const conn = await trx.client.acquireConnection();
  const res = (await conn.query(statementsText(em, list))) as { rows?: unknown[] } | Array<{ rows?: unknown[] }>;
  return (Array.isArray(res) ? res : [res]).map((r) => (r.rows ?? []) as Array<Record<string, any>>);
}

/** Runs statements one after another in `em`'s transaction, if it is in one (else each on its own): for paths that are not hot. */
export async function runEach(em: EntityManager, statements: ReadonlyArray<Statement>): Promise<void> {
  for (const st of statements) await em.getConnection().execute(statementsText(em, [st]), [], 'run', em.getTransactionContext());
}

/** Statements as one (`;`-joined) for a plain-SQL transaction's `query` or `commit`: the rows of each come back in order. */
export function joinStatements(statements: ReadonlyArray<Statement | null>): { sql: string; params: unknown[] } {
  const list = statements.filter((s): s is Statement => s !== null);
  return { sql: list.map((s) => s.sql).join(';\n'), params: list.flatMap((s) => [...s.params]) };
}

/** Reads rows with a plain statement, on whatever connection the caller is on (a plain-SQL transaction's, or an ORM's). */
export type Reader = (sql: string, params: readonly unknown[]) => Promise<Array<Record<string, any>>>;

/** `em`'s reader: in its transaction, if it is in one. */
export const readerOf =
  (em: EntityManager): Reader =>
  (sql, params) =>
    em.getConnection().execute<Array<Record<string, any>>>(sql, [...params], 'all', em.getTransactionContext());
