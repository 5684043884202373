import type { Scope } from '../../shared/scope.js';
import type { FilterQuery } from '@mikro-orm/core';
import { UserSchema, type User } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentUsers } from './org.presenter.js';
import type { ListUsersQuery } from './org.schemas.js';

/** Users with their charges, searchable by username or name in either language. */
export async function listUsers(scope: Scope, query: ListUsersQuery) {
  assertCan(scope.actor, 'user.read');
  const where: FilterQuery<User> = {};
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.$or = [{ username: { $ilike: like } }, { nameEn: { $ilike: like } }, { nameHi: { $ilike: like } }];
  }
  const [users, total] = await scope.em.findAndCount(UserSchema, where, {
    orderBy: { username: 'asc' },
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: await presentUsers(scope.em, users), total, page: query.page, pageSize: query.pageSize };
}
