import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { assertUnique } from '../../shared/persistence.js';
import { hashPassword } from '../../shared/password.js';
import { UserSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentUsers } from './org.presenter.js';
import type { CreateUserInput } from './org.schemas.js';

/** Creates a user account; posts come through charges. */
export async function createUser(scope: Scope, input: CreateUserInput) {
  assertCan(scope.actor, 'user.manage');
  const passwordHash = await hashPassword(input.password);
  return transact(scope, async (tx) => {
    assertUnique(await tx.em.count(UserSchema, { username: input.username }), 'username', input.username, ['username']);
    const user = tx.em.create(UserSchema, {
      id: randomUUID(),
      username: input.username,
      nameEn: input.name.en,
      nameHi: input.name.hi,
      passwordHash,
      mobile: input.mobile ?? null,
      email: input.email ?? null,
      locale: input.locale ?? null,
      active: true,
    });
    await tx.em.flush();
    tx.emit({ type: 'user.created', userId: user.id, username: user.username });
    return (await presentUsers(tx.em, [user]))[0]!;
  });
}
