// The realtime module without a server, for `vi.mock('…/realtime/socket', () => import('…/testing/quietSocket'))`:
// nothing connects and no hint ever comes.
import { vi } from 'vitest';

export const connectRealtime = vi.fn();
export const disconnectRealtime = vi.fn();
export const reconnectRealtime = vi.fn();
export const onHint = vi.fn(() => () => undefined);
export const onReconnect = vi.fn(() => () => undefined);
