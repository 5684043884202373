import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { assertUnique } from '../../shared/persistence.js';
import { PostSchema } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { presentPosts } from './org.presenter.js';
import { assertOfficeAndSection } from './post-rules.js';
import type { CreatePostInput } from './org.schemas.js';

/** Creates a post (a seat with an inbox) in an office and, optionally, a section. */
export async function createPost(scope: Scope, input: CreatePostInput) {
  assertCan(scope.actor, 'org.manage');
  return transact(scope, async (tx) => {
    assertUnique(await tx.em.count(PostSchema, { code: input.code }), 'postCode', input.code);
    await assertOfficeAndSection(tx.em, input.officeId, input.sectionId);
    const post = tx.em.create(PostSchema, {
      id: randomUUID(),
      code: input.code,
      designationEn: input.designation.en,
      designationHi: input.designation.hi,
      office: input.officeId,
      section: input.sectionId,
      capabilities: [...new Set(input.capabilities)],
      active: true,
    });
    await tx.em.flush();
    tx.emit({ type: 'post.created', postId: post.id, code: post.code, officeId: input.officeId, capabilities: post.capabilities });
    const [presented] = await presentPosts(tx.em, [post]);
    return presented!;
  });
}
