import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../../shared/app-error.js';
import { istDate } from '../../../shared/dates.js';
import type { Scope } from '../../../shared/scope.js';
import { loadOrg, type OrgSnapshot } from '../../org/index.js';
import { resolveRtsScope, type RtsScope } from './rts-dashboard.policy.js';
import { servicesList, type ServiceRow, type TallyFilter } from './rts-dashboard.queries.js';

/** What every RTS dashboard use case starts from: the org, the viewer's scope, the services, the period and the filter. */
export interface RtsContext {
  org: OrgSnapshot;
  rs: RtsScope;
  services: Map<string, ServiceRow>;
  byCode: Map<string, ServiceRow>;
  period: { from: string; to: string };
  filter: TallyFilter;
  today: string;
}

/** The month `n` months after a 'YYYY-MM' one. */
export function addMonths(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The default period: the last 12 months, this one included (India time). */
export function defaultPeriod(today = istDate()): { from: string; to: string } {
  const to = today.slice(0, 7);
  return { from: addMonths(to, -11), to };
}

/** Services change rarely (a publication): the list is kept a minute per database. */
const serviceCache = new WeakMap<object, { at: number; list: Promise<ServiceRow[]> }>();
export function cachedServices(em: EntityManager): Promise<ServiceRow[]> {
  const hit = serviceCache.get(em.config);
  if (hit && Date.now() - hit.at < 60_000) return hit.list;
  const list = servicesList(em);
  serviceCache.set(em.config, { at: Date.now(), list });
  list.catch(() => serviceCache.delete(em.config));
  return list;
}

/**
 * The org structure as the dashboard reads it: kept per database and reloaded in the background when
 * older than half a minute (23,000 posts take ~150 ms to read: no request waits for that but the first).
 * Who may see what is the session's own, fresh; a new office or post shows within a minute.
 */
const orgKept = new WeakMap<object, { at: number; org: OrgSnapshot; loading: boolean }>();
export async function dashboardOrg(em: EntityManager): Promise<OrgSnapshot> {
  const hit = orgKept.get(em.config);
  if (!hit) {
    const org = await loadOrg(em.fork());
    orgKept.set(em.config, { at: Date.now(), org, loading: false });
    return org;
  }
  if (Date.now() - hit.at > 30_000 && !hit.loading) {
    hit.loading = true;
    void loadOrg(em.fork())
      .then((org) => Object.assign(hit, { org, at: Date.now() }))
      .catch(() => undefined)
      .finally(() => (hit.loading = false));
  }
  return hit.org;
}

/**
 * The org (the kept snapshot: its structure; the acting post's capabilities come from the session),
 * the scope (NOT_FOUND outside it), the service asked for (NOT_FOUND when unknown) and the period.
 */
export async function rtsContext(
  scope: Scope,
  q: { from?: string | undefined; to?: string | undefined; officeId?: string | undefined; serviceCode?: string | undefined },
): Promise<RtsContext> {
  const [org, list] = await Promise.all([dashboardOrg(scope.em), cachedServices(scope.em)]);
  const rs = resolveRtsScope(scope.actor, org, q.officeId);
  const services = new Map(list.map((s) => [s.id, s]));
  const byCode = new Map(list.map((s) => [s.code, s]));
  let serviceId: string | undefined;
  if (q.serviceCode) {
    serviceId = byCode.get(q.serviceCode)?.id;
    if (!serviceId) throw new AppError('NOT_FOUND');
  }
  const today = istDate();
  const d = defaultPeriod(today);
  const to = q.to ?? (q.from && q.from > d.to ? q.from : d.to);
  const from = q.from ?? (addMonths(to, -11) < to ? addMonths(to, -11) : to);
  return {
    org,
    rs,
    services,
    byCode,
    today,
    period: { from, to },
    filter: { from: `${from}-01`, to: `${to}-01`, officeIds: rs.officeIds, serviceId },
  };
}

export const serviceRef = (s: ServiceRow | undefined, id: string) => ({
  code: s?.code ?? '?',
  name: s?.name ?? { en: id, hi: id },
  timelineDays: s?.timeline ?? null,
});

export const officeRef = (org: OrgSnapshot, id: string) => {
  const o = org.offices.get(id);
  return { id, code: o?.code ?? '?', name: { en: o?.nameEn ?? '?', hi: o?.nameHi ?? '?' } };
};

/** The department an office belongs to: the office just below the root of its tree (an SP office, a Collectorate), or the root itself. */
export function departmentOf(org: OrgSnapshot, officeId: string): string {
  const chain = org.chain(officeId);
  return chain.length >= 2 ? chain[chain.length - 2]! : chain[0]!;
}
