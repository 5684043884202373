import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OrgSnapshot, type OrgOffice, type OrgPost } from '../org/index.js';
import { appellateAuthority } from './appellate.js';

/** A small district: the Collectorate (DM, ADM) over a tehsil (SDM), and the Commission outside it. */
function org(withCommission = true): OrgSnapshot {
  const office = (id: string, kind: OrgOffice['kind'], parentId: string | null): OrgOffice => ({
    id,
    code: id,
    nameEn: id,
    nameHi: id,
    kind,
    parentId,
  });
  const post = (id: string, officeId: string, supervision = true): OrgPost => ({
    id,
    code: id,
    designationEn: id,
    designationHi: id,
    officeId,
    sectionId: null,
    capabilities: supervision ? ['noting', 'supervision'] : ['noting'],
    active: true,
  });
  const offices = [office('DIST', 'district', null), office('DM-OFF', 'dm_office', 'DIST'), office('TEH', 'tehsil', 'DM-OFF')];
  const posts = [post('PBT-DM-DM', 'DM-OFF'), post('PBT-DM-ADM', 'DM-OFF'), post('SDM', 'TEH'), post('CLERK', 'TEH', false)];
  if (withCommission) {
    offices.push(office('RTSC', 'commission', null));
    posts.push(post('RTSC-CHIEF', 'RTSC'));
  }
  return new OrgSnapshot(new Map(offices.map((o) => [o.id, o])), new Map(), new Map(posts.map((p) => [p.id, p])));
}
const em = {} as EntityManager; // only `role` terms read the database; these cases name posts or use the defaults
const terms = { appealDays: 30, rejectionAppealDays: 30 };
const at = async (o: OrgSnapshot, designated: string, from: 1 | 2 | 3, t: object = terms) =>
  (await appellateAuthority(em, o, { ...terms, ...t }, { designatedPostId: designated, areaId: null }, from)) ?? null;

describe('appellate authorities', () => {
  it('by default: the supervising posts above the designated officer, nearest office first, by post code; then the Commission', async () => {
    const o = org();
    expect(await at(o, 'SDM', 1)).toEqual({ level: 1, authority: { postId: 'PBT-DM-ADM', officeId: 'DM-OFF' } });
    expect(await at(o, 'SDM', 2)).toEqual({ level: 2, authority: { postId: 'PBT-DM-DM', officeId: 'DM-OFF' } });
    expect(await at(o, 'SDM', 3)).toEqual({ level: 3, authority: { postId: 'RTSC-CHIEF', officeId: 'RTSC' } });
    // a clerk's supervisors start in their own office
    expect((await at(o, 'CLERK', 1))?.authority.postId).toBe('SDM');
  });

  it('never the designated officer, never twice; a level without an authority is passed over', async () => {
    const o = org();
    // the ADM decides: the DM is a peer in its own office, not above it (as escalation has it), and nothing is above
    // the Collectorate: both appellate levels are passed over and the appeal goes to the Commission
    expect(await at(o, 'PBT-DM-ADM', 1)).toEqual({ level: 3, authority: { postId: 'RTSC-CHIEF', officeId: 'RTSC' } });
    // no Commission configured: no authority at all
    expect(await at(org(false), 'PBT-DM-ADM', 1)).toBeNull();
    // the SDM's appeal at the DM (level 2) moves on to the Commission, never back to the ADM
    expect((await at(o, 'SDM', 3))?.authority.postId).toBe('RTSC-CHIEF');
  });

  it('the service’s terms name the authorities by post; one that is the designated officer falls back to the default', async () => {
    const o = org();
    const named = { firstAppellate: { post: 'PBT-DM-DM' }, secondAppellate: { post: 'RTSC-CHIEF' } };
    expect((await at(o, 'SDM', 1, named))?.authority.postId).toBe('PBT-DM-DM');
    expect((await at(o, 'SDM', 2, named))?.authority.postId).toBe('RTSC-CHIEF');
    // named by the terms but the designated officer itself: the default, here none, so the next level
    expect(await at(o, 'PBT-DM-DM', 1, named)).toEqual({ level: 2, authority: { postId: 'RTSC-CHIEF', officeId: 'RTSC' } });
    // an unknown post code: the default
    expect((await at(o, 'SDM', 1, { firstAppellate: { post: 'NO-SUCH' } }))?.authority.postId).toBe('PBT-DM-ADM');
  });
});
