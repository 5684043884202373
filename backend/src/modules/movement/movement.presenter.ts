import { isoOrNull } from '../../shared/dates.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OfficeSchema, PostSchema, UserSchema, type Post } from '../org/index.js';
import { bi } from '../../shared/i18n.js';
import { MovementSchema, type ItemType } from './movement.entity.js';
import type { LastMove } from './movement.policy.js';

export type PostRef = { id: string; code: string; designation: { en: string; hi: string }; officeName: { en: string; hi: string } };

/** Posts with their office names, for the "from/to/holder" columns. */
export async function postRefs(em: EntityManager, ids: Iterable<string>): Promise<Map<string, PostRef>> {
  const unique = [...new Set(ids)];
  const posts = unique.length ? await em.find(PostSchema, { id: { $in: unique } }) : [];
  const offices = new Map(
    (posts.length ? await em.find(OfficeSchema, { id: { $in: [...new Set(posts.map((p) => p.office.id))] } }) : []).map((o) => [o.id, o]),
  );
  return new Map(
    posts.map((p: Post) => {
      const o = offices.get(p.office.id)!;
      return [
        p.id,
        { id: p.id, code: p.code, designation: bi(p.designationEn, p.designationHi), officeName: bi(o.nameEn, o.nameHi) },
      ] as const;
    }),
  );
}

export async function userRefs(em: EntityManager, ids: Iterable<string>) {
  const unique = [...new Set(ids)];
  const users = unique.length ? await em.find(UserSchema, { id: { $in: unique } }) : [];
  return new Map(users.map((u) => [u.id, { id: u.id, username: u.username, name: bi(u.nameEn, u.nameHi) }] as const));
}

/**
 * An item's movement history, oldest first: who sent it where, when it was opened and by whom,
 * and how long each holder kept it (dwell time, till the next move or till now); and the last move
 * that changed its holder, as the move rules read it.
 */
export async function presentMovements(em: EntityManager, itemType: ItemType, itemId: string, extraPostIds: string[] = []) {
  const movements = await em.find(MovementSchema, { itemType, itemId }, { orderBy: { sentAt: 'asc', id: 'asc' } });
  const refs = await postRefs(em, [...extraPostIds, ...movements.flatMap((m) => [m.fromPost.id, m.toPost.id])]);
  const users = await userRefs(
    em,
    movements.flatMap((m) => [m.sentBy.id, ...(m.openedBy ? [m.openedBy.id] : [])]),
  );
  const holding = movements.filter((m) => m.kind !== 'copy');
  const now = Date.now();
  const list = movements.map((m) => {
    const i = holding.indexOf(m);
    const until = i < 0 ? null : (holding[i + 1]?.sentAt.getTime() ?? now);
    return {
      id: m.id,
      kind: m.kind,
      from: refs.get(m.fromPost.id)!,
      to: refs.get(m.toPost.id)!,
      sentBy: users.get(m.sentBy.id)!,
      remarks: m.remarks ?? null,
      priority: m.priority as 'normal' | 'immediate' | 'most_immediate',
      dueDate: m.dueDate ?? null,
      sentAt: m.sentAt.toISOString(),
      openedAt: isoOrNull(m.openedAt),
      openedBy: m.openedBy ? (users.get(m.openedBy.id) ?? null) : null,
      dwellSeconds: until === null ? null : Math.max(0, Math.round((until - m.sentAt.getTime()) / 1000)),
    };
  });
  const last = holding.at(-1);
  const lastMove: LastMove | null = last
    ? { kind: last.kind, fromPostId: last.fromPost.id, toPostId: last.toPost.id, openedAt: last.openedAt ?? null }
    : null;
  return { movements: list, refs, raw: movements, lastMove };
}
