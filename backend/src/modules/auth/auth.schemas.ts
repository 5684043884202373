import { z } from 'zod';
import { bilingual, id } from '../../shared/schemas.js';
import { capability, chargeType } from '../org/index.js';

export const loginIn = z.strictObject({ username: z.string().trim().toLowerCase().min(1).max(60), password: z.string().min(1).max(200) });
export const switchPostIn = z.strictObject({ postId: id });
export const setLocaleIn = z.strictObject({ locale: z.enum(['hi', 'en']) });
export const csrfOut = z.object({ token: z.string() });

const postSummaryOut = z.object({
  id,
  code: z.string(),
  designation: bilingual,
  office: z.object({ id, code: z.string(), name: bilingual }),
  section: z.object({ id, code: z.string(), name: bilingual }).nullable(),
  capabilities: z.array(capability),
  chargeType,
});
export const meOut = z.object({
  user: z.object({ id, username: z.string(), name: bilingual, locale: z.enum(['hi', 'en']).nullable() }),
  posts: z.array(postSummaryOut),
  actingPostId: id.nullable(),
});
export type MeOut = z.infer<typeof meOut>;
