import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { pgArray } from '../../shared/persistence.js';
import type { ItemType } from './movement.entity.js';

/**
 * The access module: who may see an item, written once. An item exists for a post when the post is
 * on one of the access lists (`item_access`) that admit to it: its own list (every post it was with,
 * sent from or copied to, or that inspected it) and, for a kind that says so, another item's list
 * (a receipt put in a file is seen through the file's). Everything that is not admitted does not
 * exist for the user (404, not 403).
 *
 * Kinds register how they are admitted (`registerItemAccess`, beside their entity); this module
 * knows no kind. The rule is rendered once as SQL (`visibleSql`), used by every list, search,
 * inbox, pendency and locking query, and evaluated by the TypeScript predicate (`canSee`) for an
 * item already loaded. Access is given by `grantSql`/`grant` and withdrawn by `revokeReadOnly`.
 *
 * The pendency read model keeps its own copy of graded pending items' lists (`pendency_item.access_posts`,
 * filled from `item_access` by its view and trigger) so that dashboards count what they withhold
 * without a join; a pending receipt is never in a file, so the copy follows the same rule.
 */

/** A statement or a piece of one, with `?` placeholders for `params` in order. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** One access list that admits to an item: the list of the item of type `type` whose id is in `column` of the item's row (`property` of its entity). */
export interface AccessPath {
  type: ItemType;
  column: string;
  property: string;
}

/** How one kind of item is admitted: its table and the access lists that count for it. */
export interface ItemAccess {
  type: ItemType;
  table: string;
  via: readonly AccessPath[];
}

const kinds = new Map<ItemType, ItemAccess>();

/** Registers how a kind of item is admitted (called once, beside the kind's entity). */
export function registerItemAccess(access: ItemAccess): ItemAccess {
  kinds.set(access.type, access);
  return access;
}

function accessOf(type: ItemType): ItemAccess {
  const access = kinds.get(type);
  if (!access) throw new Error(`the item kind "${type}" is not registered with the access module`);
  return access;
}

/** The posts to check: ids (bound as a parameter), or an SQL expression giving a uuid[] (e.g. `array[m.to_post_id]`). */
export type Posts = readonly string[] | { sql: string };

/**
 * THE visibility rule as an SQL boolean over the item row `alias` of kind `type`: one of `posts` is on
 * an access list that admits to the item. Embed `sql` where its `params` go in order.
 */
export function visibleSql(alias: string, type: ItemType, posts: Posts): SqlPart {
  const lists = accessOf(type).via.map((v) => `(ia.item_type = '${v.type}' and ia.item_id = ${alias}.${v.column})`);
  const bound = Array.isArray(posts);
  return {
    sql: `exists (select 1 from item_access ia where ${lists.length > 1 ? `(${lists.join(' or ')})` : lists[0]} and ia.post_id = any(${bound ? '?::uuid[]' : (posts as { sql: string }).sql}))`,
    params: bound ? [pgArray(posts as readonly string[])] : [],
  };
}

/**
 * The same rule for an item named by SQL expressions (`type`, `id`: e.g. a movement's `m.item_type`,
 * `m.item_id`) rather than by its row: over every registered kind.
 */
export function refVisibleSql(type: string, id: string, posts: Posts): SqlPart {
  const parts = [...kinds.values()].map((k) => {
    const rule = visibleSql('x', k.type, posts);
    return {
      sql: `(${type} = '${k.type}' and exists (select 1 from ${k.table} x where x.id = ${id} and ${rule.sql}))`,
      params: rule.params,
    };
  });
  return { sql: `(${parts.map((p) => p.sql).join(' or ')})`, params: parts.flatMap((p) => p.params) };
}

const run = <R>(em: EntityManager, q: SqlPart) => em.getConnection().execute<R[]>(q.sql, q.params, 'all', em.getTransactionContext());

/**
 * THE visibility rule for one loaded item (an entity of kind `type`): one of the actor's posts is on
 * an access list that admits to it. The SQL rule, evaluated over the item's own values.
 */
export async function canSee(em: EntityManager, actor: Pick<Actor, 'heldPostIds'>, type: ItemType, item: object): Promise<boolean> {
  if (!actor.heldPostIds.length) return false;
  const columns = [...new Map(accessOf(type).via.map((v) => [v.column, v.property])).entries()];
  const values = columns.map(([, property]) => (item as Record<string, unknown>)[property] ?? null);
  const rule = visibleSql('x', type, actor.heldPostIds);
  const [row] = await run<{ visible: boolean }>(em, {
    sql: `select ${rule.sql} as visible from (select ${columns.map(([column]) => `?::uuid as ${column}`).join(', ')}) x`,
    params: [...rule.params, ...values],
  });
  return Boolean(row?.visible);
}

export interface ItemRef {
  type: ItemType;
  id: string;
}
export const refKey = (r: ItemRef) => `${r.type}:${r.id}`;

/** Which of these items one of `posts` may see, as `type:id` keys (one statement). */
export async function visibleRefs(em: EntityManager, posts: readonly string[], refs: readonly ItemRef[]): Promise<Set<string>> {
  if (!refs.length || !posts.length) return new Set();
  const parts = [...new Set(refs.map((r) => r.type))].map((type) => {
    const rule = visibleSql('x', type, posts);
    return {
      sql: `select '${type}' as type, x.id from ${accessOf(type).table} x where x.id = any(?::uuid[]) and ${rule.sql}`,
      params: [pgArray(refs.filter((r) => r.type === type).map((r) => r.id)), ...rule.params],
    };
  });
  const rows = await run<{ type: ItemType; id: string }>(em, {
    sql: parts.map((p) => p.sql).join(' union all '),
    params: parts.flatMap((p) => p.params),
  });
  return new Set(rows.map(refKey));
}

/** For each of these items, which of `posts` may see it, as `type:id:post` keys (one statement). */
export async function postsSeeing(em: EntityManager, refs: readonly ItemRef[], posts: readonly string[]): Promise<Set<string>> {
  if (!refs.length || !posts.length) return new Set();
  const parts = [...new Set(refs.map((r) => r.type))].map((type) => {
    const rule = visibleSql('x', type, { sql: 'array[p.post]' });
    return {
      sql: `select '${type}' as type, x.id, p.post from ${accessOf(type).table} x cross join unnest(?::uuid[]) as p(post) where x.id = any(?::uuid[]) and ${rule.sql}`,
      params: [pgArray(posts), pgArray(refs.filter((r) => r.type === type).map((r) => r.id)), ...rule.params],
    };
  });
  const rows = await run<{ type: ItemType; id: string; post: string }>(em, {
    sql: parts.map((p) => p.sql).join(' union all '),
    params: parts.flatMap((p) => p.params),
  });
  return new Set(rows.map((r) => `${r.type}:${r.id}:${r.post}`));
}

/** Access for a post: full for a holder (kept for ever), read-only for a copy or an inspection. */
export interface Grant {
  post: string;
  readOnly: boolean;
}

/**
 * Gives access as one INSERT (a statement, or the body of a data-modifying CTE): a post that once
 * held the item keeps full access; read-only access is added only where there is none.
 */
export function grantSql(type: ItemType, id: string, grants: readonly Grant[], at: Date): SqlPart {
  return {
    sql: `insert into item_access (item_type, item_id, post_id, read_only, granted_at) values ${grants.map(() => '(?, ?, ?, ?, ?)').join(', ')}
      on conflict (item_type, item_id, post_id) do update set read_only = item_access.read_only and excluded.read_only`,
    params: grants.flatMap((g) => [type, id, g.post, g.readOnly, at]),
  };
}

/** Gives access now, in `em`'s transaction (see `grantSql`). */
export async function grant(em: EntityManager, type: ItemType, id: string, grants: readonly Grant[], at = new Date()): Promise<void> {
  if (grants.length) await run(em, grantSql(type, id, grants, at));
}

/**
 * Withdraws every read-only access to the item (copies, inspections), in `em`'s transaction: full
 * access (the holder chain) stays. Returns the posts that lost it.
 */
export async function revokeReadOnly(em: EntityManager, type: ItemType, id: string): Promise<string[]> {
  const rows = await run<{ post_id: string }>(em, {
    sql: 'delete from item_access where item_type = ? and item_id = ? and read_only returning post_id',
    params: [type, id],
  });
  return rows.map((r) => r.post_id).sort();
}
