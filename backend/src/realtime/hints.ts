import type { Hint, Room } from '../shared/hints.js';

/**
 * The Socket.IO side of hints (shared/hints.ts says what a hint is): the typed event map, and how
 * hints travel between processes.
 */
export interface ServerToClientEvents {
  hint: (hint: Hint) => void;
  /** Hints may have been missed (this process lost its database connection for a while): refetch what is shown. */
  resync: () => void;
}
export type ClientToServerEvents = Record<string, never>;

/**
 * Hints travel between processes as PostgreSQL notifications on this channel (batched per process
 * after commit, see realtime/server.ts) to every process listening.
 */
export const HINT_CHANNEL = 'patravali_hints';
/** A notification's payload must stay under 8000 bytes; leave room for the channel name and slack. */
const MAX_PAYLOAD = 7500;

/** One payload entry: the rooms that get one hint. */
export type HintBatch = Array<[Room[], Hint]>;

/**
 * Groups messages by hint (one emit reaches all of its rooms) and packs them into as few
 * notification payloads as fit; a hint too large for one is split over its ids and rooms.
 */
export function encodeHints(messages: ReadonlyArray<{ room: Room; hint: Hint }>): string[] {
  const byHint = new Map<string, { hint: Hint; rooms: Set<Room> }>();
  for (const { room, hint } of messages) {
    const key = JSON.stringify([hint.entity, [...hint.ids].sort()]);
    const g = byHint.get(key) ?? { hint, rooms: new Set<Room>() };
    g.rooms.add(room);
    byHint.set(key, g);
  }
  const entries: HintBatch = [];
  const split = (rooms: Room[], hint: Hint): void => {
    if (JSON.stringify([[rooms, hint]]).length <= MAX_PAYLOAD || (rooms.length <= 1 && hint.ids.length <= 1)) {
      entries.push([rooms, hint]);
    } else if (hint.ids.length > 1) {
      const half = Math.ceil(hint.ids.length / 2);
      split(rooms, { entity: hint.entity, ids: hint.ids.slice(0, half) });
      split(rooms, { entity: hint.entity, ids: hint.ids.slice(half) });
    } else {
      const half = Math.ceil(rooms.length / 2);
      split(rooms.slice(0, half), hint);
      split(rooms.slice(half), hint);
    }
  };
  for (const { hint, rooms } of byHint.values()) split([...rooms], hint);
  // a payload is "[" + entries joined by "," + "]"
  const payloads: string[] = [];
  let current: string[] = [];
  let length = 2;
  for (const e of entries.map((x) => JSON.stringify(x))) {
    if (current.length && length + 1 + e.length > MAX_PAYLOAD) {
      payloads.push(`[${current.join(',')}]`);
      current = [];
      length = 2;
    }
    length += (current.length ? 1 : 0) + e.length;
    current.push(e);
  }
  if (current.length) payloads.push(`[${current.join(',')}]`);
  return payloads;
}

/** A received payload, checked for shape (it came from our own processes, but a bad one must not throw in the listener). */
export function decodeHints(payload: string): HintBatch {
  const parsed: unknown = JSON.parse(payload);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (e): e is [Room[], Hint] =>
      Array.isArray(e) &&
      Array.isArray(e[0]) &&
      e[0].every((r: unknown) => typeof r === 'string') &&
      typeof e[1] === 'object' &&
      e[1] !== null &&
      typeof e[1].entity === 'string' &&
      Array.isArray(e[1].ids),
  );
}
