import type { User, HeldPost } from '../org/index.js';
import { bi } from '../../shared/i18n.js';
import type { MeOut } from './auth.schemas.js';

/** Expects held posts with office and section populated (loadHeldPosts does that). */
export function presentMe(user: User, held: HeldPost[], actingPostId: string | null): MeOut {
  return {
    user: { id: user.id, username: user.username, name: bi(user.nameEn, user.nameHi), locale: user.locale ?? null },
    posts: held.map(({ post, chargeType }) => {
      const office = post.office.getEntity();
      const section = post.section?.getEntity() ?? null;
      return {
        id: post.id,
        code: post.code,
        designation: bi(post.designationEn, post.designationHi),
        office: { id: office.id, code: office.code, name: bi(office.nameEn, office.nameHi) },
        section: section ? { id: section.id, code: section.code, name: bi(section.nameEn, section.nameHi) } : null,
        capabilities: [...post.capabilities],
        chargeType,
      };
    }),
    actingPostId,
  };
}
