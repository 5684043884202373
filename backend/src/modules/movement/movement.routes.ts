import { route, type AnyRoute } from '../../http/route.js';
import * as s from './movement.schemas.js';
import type { MovableItem, MovableKind, MoveAbility } from './movable.js';
import { changeItemState, pullBackItem, returnItem, sendItem } from './move-item.js';
import { listInbox } from './list-inbox.js';
import { inboxCounts } from './inbox-counts.js';
import { inboxChanges } from './inbox-changes.js';
import { bulkMove } from './bulk-move.js';
import type { ItemType } from './movement.entity.js';

/**
 * The same moves for every kind of item: /api/receipts/:id/send, /api/files/:id/send, … Each answers
 * with what changed (`movedOut`), not the whole item: the UI refetches what it shows. The composition
 * root (routes.ts) adds them for each kind; the items core knows none.
 */
export function moveRoutes<T extends MovableItem>(kind: MovableKind<T>): AnyRoute[] {
  const response = s.movedOut;
  const base = `/api/${kind.plural}/:id`;
  const tags = [kind.plural === 'receipts' ? 'dak' : kind.plural];
  const offered = (m: MoveAbility) => !kind.withoutMoves?.includes(m);
  const states = (['park', 'unpark', 'close', 'reopen'] as const).filter(offered).map((action) =>
    route({
      method: 'post',
      path: `${base}/${action}`,
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} a ${kind.type}`,
      tags,
      access: 'user',
      params: s.itemParams,
      body: s.remarksIn,
      response,
      handler: (scope, { params, body }) => changeItemState(scope, kind, params.id, action, body),
    }),
  );
  return [
    route({
      method: 'post',
      path: `${base}/send`,
      summary: `Send a ${kind.type} to a post, with copies`,
      tags,
      access: 'user',
      params: s.itemParams,
      body: s.sendIn,
      response,
      handler: (scope, { params, body }) => sendItem(scope, kind, params.id, body),
    }),
    ...(offered('pullBack')
      ? [
          route({
            method: 'post',
            path: `${base}/pull-back`,
            summary: `Pull back a sent ${kind.type} the recipient has not opened`,
            tags,
            access: 'user',
            params: s.itemParams,
            body: s.versionIn,
            response,
            handler: (scope, { params, body }) => pullBackItem(scope, kind, params.id, body),
          }),
        ]
      : []),
    route({
      method: 'post',
      path: `${base}/return`,
      summary: `Return a ${kind.type} to the post that sent it`,
      tags,
      access: 'user',
      params: s.itemParams,
      body: s.remarksIn,
      response,
      handler: (scope, { params, body }) => returnItem(scope, kind, params.id, body),
    }),
    ...states,
  ];
}

/** The acting post's inbox over every kind of item. */
export const inboxRoutes = [
  route({
    method: 'get',
    path: '/api/inbox',
    summary: "The acting post's receipts and files: inbox, sent, copies, parked, closed",
    tags: ['inbox'],
    access: 'user',
    query: s.inboxQuery,
    response: s.inboxOut,
    handler: (scope, { query }) => listInbox(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/inbox/counts',
    summary: 'How many items are in each tab (unread, overdue)',
    tags: ['inbox'],
    access: 'user',
    response: s.inboxCountsOut,
    handler: (scope) => inboxCounts(scope),
  }),
  route({
    method: 'get',
    path: '/api/inbox/changes',
    summary: 'What reached or left the acting post since a moment (catch-up after a reconnect)',
    tags: ['inbox'],
    access: 'user',
    query: s.changesQuery,
    response: s.changesOut,
    handler: (scope, { query }) => inboxChanges(scope, new Date(query.since)),
  }),
];

/** One action on many items of any kinds (the composition root passes the kinds): POST /api/items/bulk. */
export function bulkRoutes(kinds: MovableKind[]): AnyRoute[] {
  const byType = new Map<ItemType, MovableKind>(kinds.map((k) => [k.type, k]));
  return [
    route({
      method: 'post',
      path: '/api/items/bulk',
      summary: 'Send, park or mark read many items at once: each in its own transaction, with an answer per item',
      tags: ['inbox'],
      access: 'user',
      description: `At most ${s.BULK_MAX} items. Each item is checked and moved exactly as by its single route (/api/receipts/:id/send, …/park, GET marks read): an item the user may not see is NOT_FOUND, a changed one CONFLICT, and the others are still done.`,
      body: s.bulkIn,
      response: s.bulkOut,
      handler: (scope, { body }) => bulkMove(scope, byType, body),
    }),
  ];
}
