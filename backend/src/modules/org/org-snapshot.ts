import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { postRef } from '../../shared/schemas.js';
import type { OfficeKind } from './org.entity.js';

type PostRef = z.infer<typeof postRef>;
export interface OrgOffice {
  id: string;
  code: string;
  nameEn: string;
  nameHi: string;
  kind: OfficeKind;
  parentId: string | null;
}
export interface OrgSection {
  id: string;
  officeId: string;
  code: string;
  nameEn: string;
  nameHi: string;
}
export interface OrgPost {
  id: string;
  code: string;
  designationEn: string;
  designationHi: string;
  officeId: string;
  sectionId: string | null;
  capabilities: string[];
  active: boolean;
}

const rows = <R>(em: EntityManager, sql: string): Promise<R[]> =>
  em.getConnection().execute<R[]>(sql, [], 'all', em.getTransactionContext());
const orgOffices = (em: EntityManager) =>
  rows<OrgOffice>(em, 'select id, code, name_en as "nameEn", name_hi as "nameHi", kind, parent_id as "parentId" from office');
const orgSections = (em: EntityManager) =>
  rows<OrgSection>(em, 'select id, office_id as "officeId", code, name_en as "nameEn", name_hi as "nameHi" from section');
const orgPosts = (em: EntityManager) =>
  rows<OrgPost>(
    em,
    'select id, code, designation_en as "designationEn", designation_hi as "designationHi", office_id as "officeId", section_id as "sectionId", capabilities, active from post',
  );

/**
 * The org structure as the read models need it (offices as a tree, sections, posts and who
 * supervises whom), read in three small queries. Supervision follows the office tree: a post with
 * the `supervision` capability oversees its office and every office under it (`supervisedOffices`:
 * the one scope of a supervising post — its pendency dashboard, inspecting items, reminding holders,
 * and its search).
 */
export class OrgSnapshot {
  readonly children = new Map<string, string[]>();

  constructor(
    readonly offices: Map<string, OrgOffice>,
    readonly sections: Map<string, OrgSection>,
    readonly posts: Map<string, OrgPost>,
  ) {
    for (const o of [...offices.values()].sort((a, b) => a.code.localeCompare(b.code))) {
      if (!o.parentId) continue;
      this.children.set(o.parentId, [...(this.children.get(o.parentId) ?? []), o.id]);
    }
  }

  /** The office and every office under it, parents before children, with their depth below it. */
  subtree(officeId: string): Array<{ id: string; depth: number }> {
    const out: Array<{ id: string; depth: number }> = [];
    const walk = (id: string, depth: number) => {
      out.push({ id, depth });
      for (const c of this.children.get(id) ?? []) walk(c, depth + 1);
    };
    if (this.offices.has(officeId)) walk(officeId, 0);
    return out;
  }

  /** The office itself first, then its parent, up to the root. */
  chain(officeId: string): string[] {
    const out: string[] = [];
    for (let id: string | null = officeId; id && !out.includes(id); id = this.offices.get(id)?.parentId ?? null) out.push(id);
    return out;
  }

  isSupervisor(post: OrgPost | undefined): boolean {
    return !!post && post.active && post.capabilities.includes('supervision');
  }

  /** The offices a post oversees: its own and every one under it for a supervising post, none for any other. */
  supervisedOffices(postId: string | null | undefined): Set<string> {
    const post = postId ? this.posts.get(postId) : undefined;
    return post && this.isSupervisor(post) ? new Set(this.subtree(post.officeId).map((o) => o.id)) : new Set();
  }

  /** Supervising posts by office, made on first use (the snapshot never changes): 23,000 posts are not filtered per call. */
  private supervisorsByOffice: Map<string, string[]> | null = null;

  /** The supervising posts of one office (not of those above it), by id. */
  supervisorsIn(officeId: string): string[] {
    if (!this.supervisorsByOffice) {
      const by = new Map<string, string[]>();
      for (const p of this.posts.values()) if (this.isSupervisor(p)) by.set(p.officeId, [...(by.get(p.officeId) ?? []), p.id]);
      for (const ids of by.values()) ids.sort();
      this.supervisorsByOffice = by;
    }
    return [...(this.supervisorsByOffice.get(officeId) ?? [])];
  }

  /**
   * Who an item held by `postId` escalates to, level by level: first the supervising posts of the
   * holder's own office (unless the holder is one of them), then those of each office above.
   * Offices without a supervising post are skipped.
   */
  escalationChain(postId: string): string[][] {
    const post = this.posts.get(postId);
    if (!post) return [];
    const levels: string[][] = [];
    const offices = this.chain(post.officeId);
    for (const [i, officeId] of offices.entries()) {
      if (i === 0 && this.isSupervisor(post)) continue;
      const sup = this.supervisorsIn(officeId).filter((p) => p !== postId);
      if (sup.length) levels.push(sup);
    }
    return levels;
  }

  /** Supervising posts whose scope covers any of the offices (their own or an ancestor's supervisors). */
  supervisorsCovering(officeIds: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const id of officeIds) for (const o of this.chain(id)) for (const p of this.supervisorsIn(o)) out.add(p);
    return out;
  }

  postRef(id: string): PostRef {
    const p = this.posts.get(id);
    const o = p ? this.offices.get(p.officeId) : undefined;
    return {
      id,
      code: p?.code ?? '?',
      designation: { en: p?.designationEn ?? '?', hi: p?.designationHi ?? '?' },
      officeName: { en: o?.nameEn ?? '?', hi: o?.nameHi ?? '?' },
    };
  }

  officeRef(id: string) {
    const o = this.offices.get(id)!;
    return { id: o.id, code: o.code, name: { en: o.nameEn, hi: o.nameHi }, kind: o.kind, parentId: o.parentId };
  }

  sectionRef(id: string) {
    const s = this.sections.get(id)!;
    return { id: s.id, code: s.code, name: { en: s.nameEn, hi: s.nameHi } };
  }
}

/** Runs thunks one after another (queries on a transaction's single connection). */
async function sequential<T>(fns: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const out: T[] = [];
  for (const f of fns) out.push(await f());
  return out;
}

export async function loadOrg(em: EntityManager): Promise<OrgSnapshot> {
  // the org's version first, then (when it moved) the org: a snapshot read after its version is never older than it
  const version = (await rows<{ n: string }>(em, 'select n from org_version'))[0]?.n;
  const kept = snapshots.get(em.config);
  if (kept && version !== undefined && kept.version === version) return kept.org;
  const ctx = em.getTransactionContext();
  const queries = [() => orgOffices(em), () => orgSections(em), () => orgPosts(em)] as const;
  // in a transaction there is one connection: one query at a time; outside, the three run side by side
  const [offices, sections, posts] = (ctx ? await sequential<unknown>(queries) : await Promise.all(queries.map((q) => q()))) as [
    OrgOffice[],
    OrgSection[],
    OrgPost[],
  ];
  const org = new OrgSnapshot(
    new Map(offices.map((o) => [o.id, o])),
    new Map(sections.map((s) => [s.id, s])),
    new Map(posts.map((p) => [p.id, { ...p, capabilities: [...(p.capabilities ?? [])] }])),
  );
  if (version !== undefined) snapshots.set(em.config, { version, org });
  return org;
}

/**
 * The last snapshot read, per ORM (one database; several systems in one test process keep their own), with the
 * org version it was read at (org/sql/org-version.sql: a number that every change to an office, section or post
 * replaces with one never used before). A request reads the version — one row — and reads the org again only when
 * it moved: exact, also inside a transaction that changed the org itself (its uncommitted number is its own).
 */
const snapshots = new WeakMap<object, { version: string; org: OrgSnapshot }>();

/** Per ORM (one database): several systems in one test process keep their own. */
const cache = new WeakMap<object, { at: number; org: Promise<OrgSnapshot> }>();
/**
 * The org snapshot, reused for a few seconds: for hot paths (the move hook) where a slightly stale
 * view only delays a hint. A reload runs on the caller's own connection (inside its transaction
 * when there is one): taking a second pool connection while holding one starves the pool when
 * every connection is a transaction waiting for it.
 */
export function cachedOrg(em: EntityManager, maxAgeMs = 10_000): Promise<OrgSnapshot> {
  const hit = cache.get(em.config);
  if (hit && Date.now() - hit.at <= maxAgeMs) return hit.org;
  const org = loadOrg(em);
  const entry = { at: Date.now(), org };
  cache.set(em.config, entry);
  org.catch(() => {
    if (cache.get(em.config) === entry) cache.delete(em.config);
  });
  return org;
}
