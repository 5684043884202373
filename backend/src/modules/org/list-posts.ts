import type { Scope } from '../../shared/scope.js';
import { raw, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import { PostSchema, type Post } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentPosts } from './org.presenter.js';
import type { ListPostsQuery } from './org.schemas.js';

/**
 * How well a post matches the searched words, best first: its designation (in either language) or
 * code is exactly what was typed (searching "पुलिस अधीक्षक" finds the SP before the Additional SP and
 * the SP's Reader), then designations that start with it, then the rest.
 */
function byMatch(q: string): QueryOrderMap<Post> {
  const starts = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const sql = (a: string) =>
    `case when lower(${a}.designation_hi) = lower(?) or lower(${a}.designation_en) = lower(?) or lower(${a}.code) = lower(?) then 0 ` +
    `when ${a}.designation_hi ilike ? or ${a}.designation_en ilike ? then 1 else 2 end`;
  return { [raw(sql, [q, q, q, starts, starts])]: 'asc' };
}

/** Among equally good matches, the posts of the searcher's own office first (a Kotwali clerk typing "SHO" means the SHO of Kotwali). */
function ownOfficeFirst(officeId: string | null): QueryOrderMap<Post> {
  return {
    [raw((a: string) => `case when ${a}.office_id = ? then 0 else 1 end`, [officeId ?? '00000000-0000-0000-0000-000000000000'])]: 'asc',
  };
}

/** Posts filtered by office, section, activity and text (code or designation in either language), the best matches first. */
export async function listPosts(scope: Scope, query: ListPostsQuery) {
  assertCan(scope.actor, 'org.read');
  const where: FilterQuery<Post> = {};
  if (query.officeId) where.office = query.officeId;
  if (query.sectionId) where.section = query.sectionId;
  if (query.active !== undefined) where.active = query.active;
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.$or = [{ code: { $ilike: like } }, { designationEn: { $ilike: like } }, { designationHi: { $ilike: like } }];
  }
  const [posts, total] = await scope.em.findAndCount(PostSchema, where, {
    orderBy: query.q ? [byMatch(query.q), ownOfficeFirst(scope.actor.officeId), { code: 'asc' }] : { code: 'asc' },
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: await presentPosts(scope.em, posts), total, page: query.page, pageSize: query.pageSize };
}
