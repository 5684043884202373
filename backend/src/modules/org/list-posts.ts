import type { Scope } from '../../shared/scope.js';
import type { FilterQuery } from '@mikro-orm/core';
import { PostSchema, type Post } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentPosts } from './org.presenter.js';
import type { ListPostsQuery } from './org.schemas.js';

/** Posts filtered by office, section, activity and text (code or designation in either language). */
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
    orderBy: { code: 'asc' }, limit: query.pageSize, offset: (query.page - 1) * query.pageSize,
  });
  return { items: await presentPosts(scope.em, posts), total, page: query.page, pageSize: query.pageSize };
}
