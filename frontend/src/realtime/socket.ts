import { io, type Socket } from 'socket.io-client';

/** What the server pushes: "these ids of this entity changed — refetch them through the API". Never a payload. */
export interface Hint {
  entity: string;
  ids: string[];
}
export type HintListener = (ids: string[]) => void;

interface ServerToClient {
  hint: (hint: Hint) => void;
  /** The server may have missed changes (its database connection came back): refetch what is shown. */
  resync: () => void;
}

let socket: Socket<ServerToClient> | null = null;
const listeners = new Map<string, Set<HintListener>>();
const reconnectListeners = new Set<() => void>();

function dispatch(entity: string, ids: string[]): void {
  for (const fn of listeners.get(entity) ?? []) {
    try {
      fn(ids);
    } catch (e) {
      console.error('hint listener failed', entity, e);
    }
  }
}

function isHint(v: unknown): v is Hint {
  if (!v || typeof v !== 'object') return false;
  const h = v as Partial<Hint>;
  return typeof h.entity === 'string' && Array.isArray(h.ids);
}

/**
 * Subscribes to hints for one or more entities; returns the unsubscribe function.
 * `ids` is empty after a reconnect: hints may have been missed, so listeners should refetch what they show.
 */
export function onHint(entity: string | string[], listener: HintListener): () => void {
  const entities = Array.isArray(entity) ? entity : [entity];
  for (const e of entities) {
    let set = listeners.get(e);
    if (!set) listeners.set(e, (set = new Set()));
    set.add(listener);
  }
  return () => {
    for (const e of entities) listeners.get(e)?.delete(listener);
  };
}

/**
 * Called after the connection came back (not on the first connect): hints may have been missed, so
 * this is the moment to ask the API what changed meanwhile. Returns the unsubscribe function.
 */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/** Opens the one Socket.IO connection (after login); the session cookie authenticates it. */
export function connectRealtime(): void {
  if (socket) return;
  const s: Socket<ServerToClient> = io({ withCredentials: true, transports: ['websocket'] });
  let connectedBefore = false;
  const catchUp = () => {
    for (const entity of listeners.keys()) dispatch(entity, []);
    for (const fn of reconnectListeners) {
      try {
        fn();
      } catch (e) {
        console.error('reconnect listener failed', e);
      }
    }
  };
  s.on('connect', () => {
    if (connectedBefore) catchUp();
    connectedBefore = true;
  });
  s.on('resync', catchUp);
  // A handshake the server refused because its database was away is not retried by Socket.IO itself.
  s.on('connect_error', (err) => {
    if (err.message === 'SERVICE_UNAVAILABLE') setTimeout(() => socket === s && !s.connected && s.connect(), 3000);
  });
  s.on('hint', (hint) => {
    if (isHint(hint)) dispatch(hint.entity, hint.ids.map(String));
  });
  socket = s;
}

/** Closes the connection (on logout). */
export function disconnectRealtime(): void {
  if (!socket) return;
  socket.removeAllListeners();
  socket.disconnect();
  socket = null;
}

/** Re-opens the connection so the server puts it in the rooms of the new acting post. */
export function reconnectRealtime(): void {
  if (!socket) return;
  disconnectRealtime();
  connectRealtime();
}

export function isRealtimeConnected(): boolean {
  return socket?.connected ?? false;
}

/** For tests: act as if the connection came back. */
export function emitReconnectForTest(): void {
  for (const entity of listeners.keys()) dispatch(entity, []);
  for (const fn of reconnectListeners) fn();
}

/** For tests: deliver a hint as if it came from the server. */
export function emitHintForTest(hint: Hint): void {
  dispatch(hint.entity, hint.ids);
}
