import { describe, expect, it, vi } from 'vitest';
import { auditOf, createEventBus, type DomainEvent, type HintMessage } from './events.js';
import { systemActor } from './actor.js';
import type { Tx } from './scope.js';

declare module './events.js' {
  interface DomainEvents {
    'unit.done': { id: string };
    'unit.followed': { id: string };
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
