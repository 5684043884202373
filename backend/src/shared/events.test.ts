import { describe, expect, it, vi } from 'vitest';
import { auditOf, createEventBus, type DomainEvent, type HintMessage } from './events.js';
import { systemActor } from './actor.js';
import type { Tx } from './scope.js';

declare module './events.js' {
  interface DomainEvents {
    'unit.done': { id: string };
    'unit.followed': { id: string };
    'unit.noted': { id: string };
  }
}

const actor = systemActor();
const quietLog = () => ({ error: vi.fn() }) as unknown as Parameters<typeof createEventBus>[0]['log'];

describe('event bus', () => {
  it('gives the audit rows of every listener in event order, and says when a listener needs the ORM transaction', () => {
    const bus = createEventBus({ auditStatement: () => null, publish: () => undefined, log: quietLog() });
    bus.listen({
      'unit.done': {
        audit: (e) => [
          { action: 'a', objectType: 'x', objectId: e.id },
          { action: 'b', objectType: 'x', objectId: e.id },
        ],
      },
    });
    bus.listen({
      'unit.done': { audit: (e) => ({ action: 'c', objectType: 'x', objectId: e.id }) },
      'unit.followed': { apply: async () => undefined },
    });
    const events: DomainEvent[] = [
      { type: 'unit.done', id: '1' },
      { type: 'unit.done', id: '2' },
    ];
    expect(bus.auditEntries(events, actor).map((a) => `${a.action}${a.objectId}`)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'c2']);
    expect(bus.needsOrmTransaction(events)).toBe(false);
    expect(bus.needsOrmTransaction([{ type: 'unit.followed', id: '1' }])).toBe(true);
  });

  it('handles the events in-transaction listeners emit, in turn', async () => {
    const bus = createEventBus({ auditStatement: () => null, publish: () => undefined, log: quietLog() });
    const seen: string[] = [];
    const queue: DomainEvent[] = [{ type: 'unit.done', id: '1' }];
    const tx = { em: null, emit: (e: DomainEvent) => void queue.push(e) } as unknown as Tx;
    bus.listen({
      'unit.done': {
        apply: async (t, e) => {
          seen.push(`done ${e.id}`);
          t.emit({ type: 'unit.followed', id: e.id });
        },
      },
      'unit.followed': { apply: async (_t, e) => void seen.push(`followed ${e.id}`) },
    });
    await bus.apply(tx, actor, queue);
    expect(seen).toEqual(['done 1', 'followed 1']);
  });

  it('gives the rows statements listeners read and write, in event order, with the events they add; an added event that needs the ORM transaction is refused', async () => {
    const bus = createEventBus({ auditStatement: () => null, publish: () => undefined, log: quietLog() });
    const reads: string[] = [];
    const read = async (sql: string) => (reads.push(sql), [{ n: reads.length }]);
    bus.listen({
      'unit.done': {
        statements: async (e, ctx) => {
          const [row] = await ctx.read('select n', []);
          ctx.emit({ type: 'unit.noted', id: e.id });
          return [{ sql: 'insert done', params: [e.id, row!.n] }];
        },
      },
      'unit.noted': { statements: async (e) => [{ sql: 'insert noted', params: [e.id] }] },
    });
    const events: DomainEvent[] = [
      { type: 'unit.done', id: '1' },
      { type: 'unit.done', id: '2' },
    ];
    const out = await bus.statements(events, actor, read, null as never);
    expect(out.map((s) => `${s.sql} ${s.params.join(',')}`)).toEqual([
      'insert done 1,1',
      'insert done 2,2',
      'insert noted 1',
      'insert noted 2',
    ]);
    // the added events are the change's too: their audit rows and hints follow
    expect(events.map((e) => `${e.type} ${(e as { id?: string }).id}`)).toEqual([
      'unit.done 1',
      'unit.done 2',
      'unit.noted 1',
      'unit.noted 2',
    ]);

    bus.listen({
      'unit.followed': { apply: async () => undefined },
      'unit.noted': { statements: async (_e, ctx) => (ctx.emit({ type: 'unit.followed', id: 'x' }), []) },
    });
    await expect(bus.statements([{ type: 'unit.noted', id: '3' }], actor, read, null as never)).rejects.toThrow(
      /must have no apply listener/,
    );
  });

  it('publishes the hints of a committed change at once, after its after-commit listeners; a failing listener is logged, not thrown', async () => {
    const published: HintMessage[][] = [];
    const log = quietLog();
    const bus = createEventBus({ auditStatement: () => null, publish: (m) => void published.push([...m]), log });
    bus.listen({
      'unit.done': {
        hints: (e) => [{ room: 'org', hint: { entity: 'post', ids: [e.id] } }],
        afterCommit: async (e, ctx) => ctx.hint(`post:${e.id}`, { entity: 'pendency', ids: [] }),
      },
    });
    bus.listen({
      'unit.done': {
        afterCommit: async () => {
          throw new Error('boom');
        },
      },
    });
    await bus.committed(actor, () => {
      throw new Error('no database needed');
    }, [{ type: 'unit.done', id: '7' }]);
    expect(published).toEqual([
      [
        { room: 'org', hint: { entity: 'post', ids: ['7'] } },
        { room: 'post:7', hint: { entity: 'pendency', ids: [] } },
      ],
    ]);
    expect(log.error).toHaveBeenCalledTimes(1);
  });
  it('builds an audit row with its details only when there are some', () => {
    expect(auditOf('file.open', 'file', 'f1')).toEqual({ action: 'file.open', objectType: 'file', objectId: 'f1' });
    expect(auditOf('file.open', 'file', 'f1')).not.toHaveProperty('details');
    expect(auditOf('file.open', 'file', 'f1', { n: 1 })).toEqual({
      action: 'file.open',
      objectType: 'file',
      objectId: 'f1',
      details: { n: 1 },
    });
  });
});
