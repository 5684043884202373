import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/actor.js';
import { createPartRefusal, holderRefusal } from './files.policy.js';

const actor = (postId: string, capabilities: Actor['capabilities'] = ['noting']): Actor => ({
  userId: 'u',
  username: 'u',
  sessionId: 's',
  postId,
  officeId: 'o',
  capabilities,
  heldPostIds: [postId],
  locale: 'en',
  ip: '127.0.0.1',
});
const file = (holder: string, extra: { status?: 'open' | 'closed'; kind?: 'main' | 'part' | 'volume' } = {}) =>
  ({ holderPost: { id: holder }, status: extra.status ?? 'open', kind: extra.kind ?? 'main' }) as Parameters<typeof createPartRefusal>[1];
const code = (e: unknown) => (e as { code?: string } | null)?.code ?? null;

describe('the holder rule', () => {
  it('lets only the holder act on an open file', () => {
    expect(holderRefusal(actor('holder'), file('holder'))).toBeNull();
    expect(code(holderRefusal(actor('copy-recipient'), file('holder')))).toBe('NOT_WITH_YOU');
    expect(code(holderRefusal(actor('holder'), file('holder', { status: 'closed' })))).toBe('INVALID_STATE');
  });

  it('opening parts and volumes follows it, for posts that open files, on main files only', () => {
    expect(createPartRefusal(actor('holder'), file('holder'))).toBeNull();
    expect(createPartRefusal(actor('holder', ['supervision']), file('holder'))).toBeNull();
    expect(code(createPartRefusal(actor('previous-holder'), file('holder')))).toBe('NOT_WITH_YOU');
    expect(code(createPartRefusal(actor('inspector', ['supervision']), file('holder')))).toBe('NOT_WITH_YOU');
    expect(code(createPartRefusal(actor('holder'), file('holder', { status: 'closed' })))).toBe('INVALID_STATE');
    expect(code(createPartRefusal(actor('holder'), file('holder', { kind: 'part' })))).toBe('INVALID_STATE');
    expect(code(createPartRefusal(actor('holder', ['dak']), file('holder')))).toBe('FORBIDDEN');
  });
});
