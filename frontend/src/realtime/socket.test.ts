import { afterEach, describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => void;
const fake = vi.hoisted(() => {
  const handlers = new Map<string, Handler[]>();
  const socket = {
    connected: false,
    on: (event: string, fn: Handler) => {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
      return socket;
    },
    removeAllListeners: () => handlers.clear(),
    disconnect: vi.fn(),
  };
  const fire = (event: string, ...args: unknown[]) => handlers.get(event)?.forEach((fn) => fn(...args));
  return { socket, fire, io: vi.fn(() => socket) };
});
vi.mock('socket.io-client', () => ({ io: fake.io }));

import { connectRealtime, disconnectRealtime, onHint, onReconnect } from './socket';

afterEach(() => disconnectRealtime());

describe('realtime socket', () => {
  it('connects once with cookies over websocket and hands hints to the entity’s listeners', () => {
    connectRealtime();
    connectRealtime();
    expect(fake.io).toHaveBeenCalledTimes(1);
    expect(fake.io).toHaveBeenCalledWith({ withCredentials: true, transports: ['websocket'] });

    const posts = vi.fn();
    const users = vi.fn();
    const stop = onHint(['post', 'charge'], posts);
    onHint('user', users);
    fake.fire('connect');
    fake.fire('hint', { entity: 'post', ids: ['p1', 'p2'] });
    fake.fire('hint', { entity: 'charge', ids: ['c9'] });
    fake.fire('hint', { entity: 'dak', ids: ['r1'] });
    fake.fire('hint', { bogus: true });
    expect(posts.mock.calls).toEqual([[['p1', 'p2']], [['c9']]]);
    expect(users).not.toHaveBeenCalled();

    stop();
    fake.fire('hint', { entity: 'post', ids: ['p3'] });
    expect(posts).toHaveBeenCalledTimes(2);
  });

  it('asks every listener to refetch after a reconnect (hints may have been missed)', () => {
    connectRealtime();
    const me = vi.fn();
    onHint('me', me);
    fake.fire('connect');
    expect(me).not.toHaveBeenCalled();
    fake.fire('connect');
    expect(me).toHaveBeenCalledWith([]);
  });

  it('tells reconnect listeners when the connection came back, not on the first connect', () => {
    connectRealtime();
    const back = vi.fn();
    const stop = onReconnect(back);
    fake.fire('connect');
    expect(back).not.toHaveBeenCalled();
    fake.fire('connect');
    expect(back).toHaveBeenCalledTimes(1);
    stop();
    fake.fire('connect');
    expect(back).toHaveBeenCalledTimes(1);
  });

  it('disconnects on logout', () => {
    connectRealtime();
    disconnectRealtime();
    expect(fake.socket.disconnect).toHaveBeenCalled();
  });
});
