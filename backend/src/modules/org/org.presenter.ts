import type { EntityManager } from '@mikro-orm/postgresql';
import { ChargeSchema, OfficeSchema, type Charge, type Office, type Post, type Section, type User } from './org.entity.js';
import { istDate } from '../../shared/dates.js';
import { bi } from '../../shared/i18n.js';
import type { z } from 'zod';
import type { chargeOut, officeOut, postOut, sectionOut, userOut } from './org.schemas.js';

export function presentOffice(o: Office): z.infer<typeof officeOut> {
  return {
    id: o.id,
    code: o.code,
    name: bi(o.nameEn, o.nameHi),
    kind: o.kind,
    numberPrefix: o.numberPrefix,
    parentId: o.parent?.id ?? null,
    version: o.version,
  };
}

export function presentSection(s: Section): z.infer<typeof sectionOut> {
  return { id: s.id, officeId: s.office.id, code: s.code, name: bi(s.nameEn, s.nameHi), version: s.version };
}

/** Current charges of the given posts, for the holders column. */
async function currentHolders(em: EntityManager, postIds: string[]): Promise<Map<string, Charge[]>> {
  const today = istDate();
  const charges = postIds.length
    ? await em.find(
        ChargeSchema,
        { post: { $in: postIds }, fromDate: { $lte: today }, $or: [{ toDate: null }, { toDate: { $gt: today } }] },
        { populate: ['user'], orderBy: { type: 'desc', fromDate: 'asc' } },
      )
    : [];
  const map = new Map<string, Charge[]>();
  for (const c of charges) map.set(c.post.id, [...(map.get(c.post.id) ?? []), c]);
  return map;
}

export async function presentPosts(em: EntityManager, posts: Post[]): Promise<Array<z.infer<typeof postOut>>> {
  const holders = await currentHolders(
    em,
    posts.map((p) => p.id),
  );
  const officeIds = [...new Set(posts.map((p) => p.office.id))];
  const offices = new Map((officeIds.length ? await em.find(OfficeSchema, { id: { $in: officeIds } }) : []).map((o) => [o.id, o]));
  return posts.map((p) => ({
    id: p.id,
    code: p.code,
    designation: bi(p.designationEn, p.designationHi),
    officeId: p.office.id,
    officeName: bi(offices.get(p.office.id)!.nameEn, offices.get(p.office.id)!.nameHi),
    sectionId: p.section?.id ?? null,
    capabilities: [...p.capabilities],
    active: p.active,
    version: p.version,
    holders: (holders.get(p.id) ?? []).map((c) => {
      const u = c.user.getEntity();
      return { chargeId: c.id, userId: u.id, username: u.username, name: bi(u.nameEn, u.nameHi), type: c.type };
    }),
  }));
}

export async function presentUsers(em: EntityManager, users: User[]): Promise<Array<z.infer<typeof userOut>>> {
  const charges = users.length
    ? await em.find(ChargeSchema, { user: { $in: users.map((u) => u.id) } }, { populate: ['post'], orderBy: { fromDate: 'desc' } })
    : [];
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    name: bi(u.nameEn, u.nameHi),
    mobile: u.mobile ?? null,
    email: u.email ?? null,
    locale: u.locale ?? null,
    active: u.active,
    version: u.version,
    charges: charges
      .filter((c) => c.user.id === u.id)
      .map((c) => {
        const p = c.post.getEntity();
        return { id: c.id, ...chargeTerms(c, p) };
      }),
  }));
}

/** The post a charge is of, its kind and its dates. */
function chargeTerms(c: Charge, p: Post) {
  return {
    postId: p.id,
    postCode: p.code,
    designation: bi(p.designationEn, p.designationHi),
    type: c.type,
    from: c.fromDate,
    to: c.toDate ?? null,
  };
}

/** Expects user and post populated. */
export function presentCharge(c: Charge): z.infer<typeof chargeOut> {
  const u = c.user.getEntity();
  const p = c.post.getEntity();
  return {
    id: c.id,
    userId: u.id,
    username: u.username,
    userName: bi(u.nameEn, u.nameHi),
    ...chargeTerms(c, p),
    version: c.version,
  };
}
