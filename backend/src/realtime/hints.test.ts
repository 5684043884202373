import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { rooms, type Hint, type Room } from '../shared/hints.js';
import { decodeHints, encodeHints } from './hints.js';

const delivered = (payloads: string[]) => {
  const got = new Map<string, Set<string>>(); // room -> "entity:id"
  for (const p of payloads) {
    for (const [to, hint] of decodeHints(p)) {
      for (const r of to) for (const id of hint.ids) (got.get(r) ?? got.set(r, new Set()).get(r)!).add(`${hint.entity}:${id}`);
    }
  }
  return got;
};

describe('hints on the wire', () => {
  it('sends one hint to all the rooms that get it, in one payload', () => {
    const [a, b, c] = [rooms.post(randomUUID()), rooms.post(randomUUID()), rooms.post(randomUUID())];
    const id = randomUUID();
    const payloads = encodeHints([
      { room: a, hint: { entity: 'inbox', ids: [id] } },
      { room: b, hint: { entity: 'inbox', ids: [id] } },
      { room: b, hint: { entity: 'inbox', ids: [id] } },
      { room: c, hint: { entity: 'pendency', ids: ['office-1'] } },
    ]);
    expect(payloads).toHaveLength(1);
    expect(decodeHints(payloads[0]!)).toEqual([
      [[a, b], { entity: 'inbox', ids: [id] }],
      [[c], { entity: 'pendency', ids: ['office-1'] }],
    ]);
  });

  it('splits what does not fit one notification (8000 bytes) and loses nothing', () => {
    const many: Array<{ room: Room; hint: Hint }> = [];
    const posts = Array.from({ length: 120 }, () => rooms.post(randomUUID()));
    const bulk = Array.from({ length: 400 }, () => randomUUID());
    for (const p of posts)
      many.push({ room: p, hint: { entity: 'inbox', ids: bulk } }, { room: p, hint: { entity: 'file', ids: [randomUUID()] } });
    const payloads = encodeHints(many);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    const got = delivered(payloads);
    for (const { room, hint } of many) for (const id of hint.ids) expect(got.get(room)?.has(`${hint.entity}:${id}`)).toBe(true);
  });

  it('has no payload without hints, and ignores a malformed payload', () => {
    expect(encodeHints([])).toEqual([]);
    expect(decodeHints('{"not":"a batch"}')).toEqual([]);
    expect(decodeHints('[[["post:x"],{"entity":"inbox"}], 5, [["post:y"],{"entity":"inbox","ids":["1"]}]]')).toEqual([
      [['post:y'], { entity: 'inbox', ids: ['1'] }],
    ]);
  });
});
