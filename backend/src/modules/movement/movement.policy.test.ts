import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/actor.js';
import { invalidState } from '../../shared/app-error.js';
import { moveAbilities, moveRefusal, type MoveFacts } from './movement.policy.js';

const actor = (postId: string): Actor => ({
  userId: 'u',
  username: 'u',
  sessionId: 's',
  postId,
  officeId: 'o',
  capabilities: ['noting'],
  heldPostIds: [postId],
  locale: 'en',
  ip: '127.0.0.1',
});
// a kind whose items move while `live`, and may be reopened when closed
const kind = {
  stateRefusal: (i: { status: string }, action: string) =>
    action === 'reopen' ? (i.status === 'closed' ? null : invalidState('notClosed')) : i.status === 'live' ? null : invalidState('closed'),
};
const item = (extra: Partial<MoveFacts> = {}): MoveFacts => ({
  status: 'live',
  holderPostId: 'b',
  createdByPostId: 'a',
  openedAt: null,
  parkedAt: null,
  lastMove: { kind: 'send', fromPostId: 'a', toPostId: 'b', openedAt: null },
  ...extra,
});
const code = (e: unknown) => (e as { code?: string } | null)?.code ?? null;

describe('the move rules', () => {
  it('let the holder move a live item, and return it to whoever sent it', () => {
    expect(moveAbilities(kind, actor('b'), item())).toEqual({
      send: true,
      return: true,
      pullBack: false,
      park: true,
      unpark: false,
      close: true,
      reopen: false,
    });
    expect(code(moveRefusal(kind, actor('c'), item(), 'send'))).toBe('NOT_WITH_YOU');
    expect(
      code(
        moveRefusal(kind, actor('b'), item({ lastMove: { kind: 'pull_back', fromPostId: 'x', toPostId: 'b', openedAt: null } }), 'return'),
      ),
    ).toBe('INVALID_STATE');
  });

  it('let the sender pull back a live item until the holder opens it', () => {
    expect(moveRefusal(kind, actor('a'), item(), 'pullBack')).toBeNull();
    expect(code(moveRefusal(kind, actor('a'), item({ openedAt: new Date() }), 'pullBack'))).toBe('INVALID_STATE');
    expect(code(moveRefusal(kind, actor('a'), item({ status: 'closed' }), 'pullBack'))).toBe('INVALID_STATE');
    expect(code(moveRefusal(kind, actor('c'), item(), 'pullBack'))).toBe('INVALID_STATE');
  });

  it('park and unpark by the parked state; close and reopen by the status', () => {
    expect(moveAbilities(kind, actor('b'), item({ parkedAt: new Date() }))).toMatchObject({ park: false, unpark: true });
    expect(moveAbilities(kind, actor('b'), item({ status: 'closed' }))).toEqual({
      send: false,
      return: false,
      pullBack: false,
      park: false,
      unpark: false,
      close: false,
      reopen: true,
    });
  });
});
