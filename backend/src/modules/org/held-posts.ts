import type { EntityManager } from '@mikro-orm/postgresql';
import { ChargeSchema, type Charge, type ChargeType, type Post } from './org.entity.js';
import { istDate } from '../../shared/dates.js';

export interface HeldPost {
  post: Post;
  chargeType: ChargeType;
}

/** Posts a user holds on a date (IST), through current regular or additional charges of active posts. */
export async function loadHeldPosts(em: EntityManager, userId: string, on: string = istDate()): Promise<HeldPost[]> {
  const charges: Charge[] = await em.find(
    ChargeSchema,
    { user: userId, fromDate: { $lte: on }, $or: [{ toDate: null }, { toDate: { $gt: on } }], post: { active: true } },
    { populate: ['post', 'post.office', 'post.section'], orderBy: { type: 'desc', fromDate: 'asc' } },
  );
  const seen = new Set<string>();
  const held: HeldPost[] = [];
  for (const c of charges) {
    const post = c.post.getEntity();
    if (seen.has(post.id)) continue;
    seen.add(post.id);
    held.push({ post, chargeType: c.type });
  }
  // regular charges first: 'regular' > 'additional' alphabetically, hence type desc above
  return held;
}
