import { transact, type Scope } from '../../shared/scope.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { hashPassword } from '../../shared/password.js';
import { UserSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentUsers } from './org.presenter.js';
import { assertAdminRemains } from './admin-guard.js';
import type { UpdateUserInput } from './org.schemas.js';

/** Edits a user; disabling one or resetting a password ends their sessions. */
export async function updateUser(scope: Scope, id: string, input: UpdateUserInput) {
  assertCan(scope.actor, 'user.manage');
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const out = await transact(scope, async (tx) => {
    const present = async (u: Parameters<typeof presentUsers>[1][number]) => (await presentUsers(tx.em, [u]))[0];
    const user = await loadForUpdate(tx.em, UserSchema, id, input.version, present);
    if (input.active === false && user.active) await assertAdminRemains(tx.em, { disablingUserId: user.id });
    const changed = Object.keys(input).filter((k) => k !== 'version' && k !== 'password');
    if (input.name) [user.nameEn, user.nameHi] = [input.name.en, input.name.hi];
    if (input.mobile !== undefined) user.mobile = input.mobile;
    if (input.email !== undefined) user.email = input.email;
    if (input.locale !== undefined) user.locale = input.locale;
    if (input.active !== undefined) user.active = input.active;
    if (passwordHash) user.passwordHash = passwordHash;
    await tx.em.flush();
    tx.emit({
      type: 'user.updated',
      userId: user.id,
      changed,
      passwordReset: Boolean(passwordHash),
      endsSessions: Boolean(passwordHash) || input.active === false,
    });
    return (await present(user))!;
  });
  return out;
}
