import { transact, type Scope } from '../../shared/scope.js';
import { assertUnique, loadForUpdate } from '../../shared/persistence.js';
import { PostSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentPosts } from './org.presenter.js';
import { assertOfficeAndSection } from './post-rules.js';
import { assertAdminRemains } from './admin-guard.js';
import type { UpdatePostInput } from './org.schemas.js';

/** Edits a post; its inbox and holders stay with it. */
export async function updatePost(scope: Scope, id: string, input: UpdatePostInput) {
  assertCan(scope.actor, 'org.manage');
  const out = await transact(scope, async (tx) => {
    const present = async (p: Parameters<typeof presentPosts>[1][number]) => (await presentPosts(tx.em, [p]))[0];
    const post = await loadForUpdate(tx.em, PostSchema, id, input.version, present);
    const before = await present(post);
    if (input.code && input.code !== post.code) assertUnique(await tx.em.count(PostSchema, { code: input.code }), 'postCode', input.code);
    const officeId = input.officeId ?? post.office.id;
    const sectionId =
      input.sectionId !== undefined
        ? input.sectionId
        : input.officeId && input.officeId !== post.office.id
          ? null
          : (post.section?.id ?? null);
    await assertOfficeAndSection(tx.em, officeId, sectionId);
    if (input.code) post.code = input.code;
    if (input.designation) [post.designationEn, post.designationHi] = [input.designation.en, input.designation.hi];
    if (input.capabilities) post.capabilities = [...new Set(input.capabilities)];
    if (input.active === false && post.active) await assertAdminRemains(tx.em, { deactivatingPostId: post.id });
    if (input.active !== undefined) post.active = input.active;
    tx.em.assign(post, { office: officeId, section: sectionId });
    await tx.em.flush();
    const after = await present(post);
    tx.emit({ type: 'post.updated', postId: post.id, before, after });
    return after!;
  });
  return out;
}
