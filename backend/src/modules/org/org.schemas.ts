import { z } from 'zod';
import { CAPABILITIES } from '../../shared/actor.js';
import { CHARGE_TYPES, OFFICE_KINDS } from './org.entity.js';
import { bilingual, id, isoDate, pageQuery, text, version } from '../../shared/schemas.js';

const code = text(40)
  .min(1)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'fields.code');

const officeKind = z.enum(OFFICE_KINDS);
export const capability = z.enum(CAPABILITIES);
export const chargeType = z.enum(CHARGE_TYPES);

// --- offices
export const officeOut = z.object({
  id,
  code: z.string(),
  name: bilingual,
  kind: officeKind,
  numberPrefix: z.string(),
  parentId: id.nullable(),
  version,
});
export const createOfficeIn = z.strictObject({
  code,
  name: bilingual,
  kind: officeKind,
  numberPrefix: text(40).min(1).optional(),
  parentId: id.nullable(),
});
export const updateOfficeIn = z.strictObject({
  version,
  code: code.optional(),
  name: bilingual.optional(),
  kind: officeKind.optional(),
  numberPrefix: text(40).min(1).optional(),
  parentId: id.nullable().optional(),
});

// --- sections
export const sectionOut = z.object({ id, officeId: id, code: z.string(), name: bilingual, version });
export const listSectionsQuery = z.object({ officeId: id.optional() });
export const createSectionIn = z.strictObject({ officeId: id, code, name: bilingual });
export const updateSectionIn = z.strictObject({ version, code: code.optional(), name: bilingual.optional() });

// --- posts
const holderOut = z.object({ chargeId: id, userId: id, username: z.string(), name: bilingual, type: chargeType });
export const postOut = z.object({
  id,
  code: z.string(),
  designation: bilingual,
  officeId: id,
  officeName: bilingual,
  sectionId: id.nullable(),
  capabilities: z.array(capability),
  active: z.boolean(),
  version,
  holders: z.array(holderOut),
});
export const listPostsQuery = pageQuery.extend({
  officeId: id.optional(),
  sectionId: id.optional(),
  q: text(100).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
const postCode = text(60)
  .min(1)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'fields.code');
export const createPostIn = z.strictObject({
  code: postCode,
  designation: bilingual,
  officeId: id,
  sectionId: id.nullable().default(null),
  capabilities: z.array(capability).max(4).default([]),
});
export const updatePostIn = z.strictObject({
  version,
  code: postCode.optional(),
  designation: bilingual.optional(),
  officeId: id.optional(),
  sectionId: id.nullable().optional(),
  capabilities: z.array(capability).max(4).optional(),
  active: z.boolean().optional(),
});

// --- users
/** The post a charge is of, its kind and its dates (in a user's charges and in the list of charges). */
const chargeTermsOut = {
  postId: id,
  postCode: z.string(),
  designation: bilingual,
  type: chargeType,
  from: isoDate,
  to: isoDate.nullable(),
};
const userChargeOut = z.object({
  id,
  ...chargeTermsOut,
});
export const userOut = z.object({
  id,
  username: z.string(),
  name: bilingual,
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  locale: z.enum(['hi', 'en']).nullable(),
  active: z.boolean(),
  version,
  charges: z.array(userChargeOut),
});
export const listUsersQuery = pageQuery.extend({ q: text(100).optional() });
const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'fields.username');
export const password = z.string().min(10).max(200);
const mobile = z
  .string()
  .trim()
  .regex(/^(\+91)?[6-9]\d{9}$/, 'fields.mobile');
export const createUserIn = z.strictObject({
  username,
  name: bilingual,
  password,
  mobile: mobile.nullable().optional(),
  email: z.email().nullable().optional(),
  locale: z.enum(['hi', 'en']).nullable().optional(),
});
export const updateUserIn = z.strictObject({
  version,
  name: bilingual.optional(),
  password: password.optional(),
  mobile: mobile.nullable().optional(),
  email: z.email().nullable().optional(),
  active: z.boolean().optional(),
  locale: z.enum(['hi', 'en']).nullable().optional(),
});

// --- charges
export const chargeOut = z.object({
  id,
  userId: id,
  username: z.string(),
  userName: bilingual,
  ...chargeTermsOut,
  version,
});
export const listChargesQuery = z.object({
  postId: id.optional(),
  userId: id.optional(),
  current: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const assignChargeIn = z.strictObject({
  userId: id,
  postId: id,
  type: chargeType.default('regular'),
  from: isoDate,
  to: isoDate.nullable().optional(),
});
export const endChargeIn = z.strictObject({ to: isoDate.optional() });

export const idParams = z.object({ id });

export type CreateOfficeInput = z.infer<typeof createOfficeIn>;
export type UpdateOfficeInput = z.infer<typeof updateOfficeIn>;
export type CreateSectionInput = z.infer<typeof createSectionIn>;
export type UpdateSectionInput = z.infer<typeof updateSectionIn>;
export type CreatePostInput = z.infer<typeof createPostIn>;
export type UpdatePostInput = z.infer<typeof updatePostIn>;
export type ListPostsQuery = z.infer<typeof listPostsQuery>;
export type CreateUserInput = z.infer<typeof createUserIn>;
export type UpdateUserInput = z.infer<typeof updateUserIn>;
export type ListUsersQuery = z.infer<typeof listUsersQuery>;
export type AssignChargeInput = z.infer<typeof assignChargeIn>;
export type ListChargesQuery = z.infer<typeof listChargesQuery>;
