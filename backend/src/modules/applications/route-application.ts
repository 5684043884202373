import type { EntityManager } from '@mikro-orm/postgresql';
import { fieldError } from '../../shared/app-error.js';
import type { Reader } from '../../shared/persistence.js';
import { PostSchema } from '../org/index.js';
import { areaOfLocality, areaWithServing, servingOfficeFor, type ServingOffice, type ServingRole } from '../gazetteer/index.js';
import type { ServiceDefinition } from '../services/index.js';
import type { AddressValue } from './form-values.js';

/** Where routing put an application: the deciding post, its office, and the area it was decided by. */
export interface Routed {
  postId: string;
  officeId: string;
  areaId: string | null;
  /** e-pass: how far the movement goes (what chose the authority). */
  reach?: 'within' | 'between' | 'outOfState';
}

async function postByCode(em: EntityManager, code: string, at: (string | number)[]): Promise<Routed> {
  const post = await em.findOne(PostSchema, { code, active: true });
  if (!post) throw fieldError(at, 'no_authority', 'issues.noAuthority');
  return { postId: post.id, officeId: post.office.id, areaId: null };
}

/** The post serving an address's area in a role (the SDM of its tehsil, the station of its police area…), or a refusal at the field. */
export async function servingPost(
  em: EntityManager | Reader,
  address: AddressValue | undefined,
  role: ServingRole,
  at: (string | number)[],
): Promise<Routed> {
  if (!address?.areaId) throw fieldError([...at, 'areaId'], 'no_area', 'fields.addressArea');
  return servedBy(await servingOfficeFor(em, address.areaId, role), address.areaId, at);
}

function servedBy(serving: ServingOffice | null | undefined, areaId: string, at: (string | number)[]): Routed {
  if (!serving?.post) throw fieldError([...at, 'areaId'], 'no_authority', 'issues.noAuthority');
  return { postId: serving.post.id, officeId: serving.office.id, areaId };
}

/**
 * The competent authority for an application, by its service's routing rule (the one place routing is
 * decided): UP e-pass — within the district the SDM of the origin's tehsil, to another district of the
 * state the ADM, out of the state the DM; a visitor pass — the post of the section visited; a
 * verification — the police station of the address; else the service's post.
 */
export async function routeApplication(em: EntityManager, def: ServiceDefinition, data: Record<string, unknown>): Promise<Routed> {
  const r = def.routing;
  switch (r.rule) {
    case 'post':
      return postByCode(em, r.post, ['serviceCode']);
    case 'section':
      return postByCode(em, r.posts[data[r.field] as string] ?? '', ['data', r.field]);
    case 'policeStation':
      return servingPost(em, data[r.address] as AddressValue, 'police_station', ['data', r.address]);
    case 'movement': {
      const from = data[r.from] as AddressValue;
      const to = data[r.to] as AddressValue;
      if (!from.areaId) throw fieldError(['data', r.from, 'areaId'], 'no_area', 'fields.addressArea');
      // the origin's chain and who serves it in one query: routing is on every filing's path
      const found = await areaWithServing(em, from.areaId);
      if (!found?.chain.district) throw fieldError(['data', r.from, 'areaId'], 'no_area', 'fields.addressArea');
      const origin = { district: found.chain.district };
      const dest = to.areaId ? await areaOfLocality(em, { id: to.areaId }) : null;
      if (to.areaId && !dest?.district) throw fieldError(['data', r.to, 'areaId'], 'no_area', 'fields.addressArea');
      const destState = dest ? dest.district!.state : to.state!;
      const reach = dest?.district!.id === origin.district.id ? 'within' : destState === origin.district.state ? 'between' : 'outOfState';
      const role: ServingRole = reach === 'within' ? 'sdm' : reach === 'between' ? 'adm' : 'dm';
      return {
        ...servedBy(
          found.serving.find((x) => x.role === role),
          from.areaId,
          ['data', r.from],
        ),
        reach,
      };
    }
  }
}
