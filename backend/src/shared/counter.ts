import { defineEntity, p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Statement } from './persistence.js';

/**
 * The last number taken in each numbered series: a series (diary numbers, file serials, issue numbers,
 * …) runs per scope (an office, a file head) and per year.
 */
export const CounterSchema = defineEntity({
  name: 'Counter',
  tableName: 'counter',
  primaryKeys: ['series', 'scopeId', 'year'],
  properties: {
    series: p.string().length(20).primary(),
    scopeId: p.uuid().primary(),
    year: p.integer().primary(),
    lastNumber: p.integer(),
  },
});

/**
 * The numbered series, each named once here so that no two share a counter: `diary` (receipts, per
 * office per year), `file` (file serials, per file head per year), `issue` (issued letters, per office
 * per year), `application` (reference numbers, per service and office — one scope id for the pair — per year),
 * `appeal` (Right to Service appeals, per appellate office per year).
 */
export type Series = 'diary' | 'file' | 'issue' | 'application' | 'appeal';

/**
 * Takes the next number of a series for a scope and year, inside the caller's transaction (`em` must
 * be in one). The counter row stays locked until commit, so concurrent takers queue up behind it and
 * a rolled-back transaction gives its number back: every series is unique and gap-free, under
 * concurrency and crashes. One statement.
 */
export async function nextNumber(em: EntityManager, series: Series, scopeId: string, year: number): Promise<number> {
  return (await nextNumbers(em, series, scopeId, year, 1))[0]!;
}

/** `count` consecutive numbers of a series at once (a batch filed together), in one statement, as `nextNumber` takes one. */
export async function nextNumbers(em: EntityManager, series: Series, scopeId: string, year: number, count: number): Promise<number[]> {
  const q = takeNumbersSql(series, scopeId, year, count);
  const [row] = await em.getConnection().execute<Array<{ last_number: number }>>(q.sql, [...q.params], 'all', em.getTransactionContext());
  return numbersTaken(Number(row!.last_number), count);
}

/** The statement `nextNumbers` runs, for a caller that sends it with others in one round trip: its row is `{ last_number }`. */
export function takeNumbersSql(series: Series, scopeId: string, year: number, count = 1): Statement {
  return {
    sql: `insert into counter (series, scope_id, year, last_number) values (?, ?, ?, ?)
     on conflict (series, scope_id, year) do update set last_number = counter.last_number + excluded.last_number returning last_number`,
    params: [series, scopeId, year, count],
  };
}

/** The numbers taken, from the statement's `last_number`. */
export const numbersTaken = (last: number, count: number): number[] => Array.from({ length: count }, (_, i) => last - count + 1 + i);
